/**
 * Enforces ARCHITECTURE.md's invariants: what must never import what, how long a file may be, and
 * that files do not import each other in a cycle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports (static, dynamic, require). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

interface Layer {
  dir: string;
  /** Package names (or prefixes) it must not import. */
  packages: RegExp[];
  /** Folders under src it must not import. */
  folders: string[];
}

const LAYERS: Layer[] = [
  // The core: pure computation. No Langium, no VS Code, no LSP, no I/O, nothing outside src/core.
  {
    dir: 'core',
    packages: [/^langium/, /^vscode/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/, /^chevrotain/],
    folders: ['language', 'server', 'extension', 'cli', 'webview'],
  },
  // The language layer: Langium on the core. No VS Code, no server or shell.
  {
    dir: 'language',
    packages: [/^vscode$/, /^vscode-languageclient/, /^node:/],
    folders: ['server', 'extension', 'cli', 'webview'],
  },
  // The language server: no VS Code API, no extension shell.
  { dir: 'server', packages: [/^vscode$/, /^vscode-languageclient/], folders: ['extension', 'cli', 'webview'] },
  // The extension shell talks to the server over LSP only: no Langium, no language or analysis code.
  {
    dir: 'extension',
    packages: [/^langium/, /^vscode-languageserver$/, /^chevrotain/],
    folders: ['language', 'server', 'cli', 'core', 'markdown'],
  },
  // The CLI: no VS Code.
  { dir: 'cli', packages: [/^vscode$/, /^vscode-languageclient/], folders: ['server', 'extension', 'webview'] },
  // The preview's script in the webview (a browser page): Mermaid and the shared messages; no VS Code API, no Langium, no LSP.
  {
    dir: 'webview',
    packages: [/^vscode/, /^langium/, /^chevrotain/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/],
    folders: ['language', 'server', 'extension', 'cli'],
  },
  // The scaling charts (Observable Plot), drawn in the webview and in the CLI's Chromium page: the core's types and wording, no I/O.
  {
    dir: 'charts',
    packages: [/^vscode/, /^langium/, /^chevrotain/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/],
    folders: ['language', 'server', 'extension', 'cli', 'webview'],
  },
  // ```arch blocks for VS Code's Markdown preview (out/markdown.cjs, required by the extension at
  // run time): the language and the core, no VS Code API, no server, shell, CLI or page script.
  {
    dir: 'markdown',
    packages: [/^vscode$/, /^vscode-languageclient/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/],
    folders: ['server', 'extension', 'cli', 'webview', 'markdown-preview'],
  },
  // The Markdown preview's page script: Mermaid and the live preview's theme (its entry, out/preview.js,
  // also loads the live preview's script).
  {
    dir: 'markdown-preview',
    packages: [/^vscode/, /^langium/, /^chevrotain/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/, /^zod/],
    folders: ['core', 'language', 'server', 'extension', 'cli', 'markdown', 'shared'],
  },
];

/** Shared message schemas (server, extension and webview import them): zod and nothing else. */
const SHARED = { dir: 'shared', only: [/^zod$/] };

describe('architecture: import bans', () => {
  for (const layer of LAYERS) {
    const dir = join(SRC, layer.dir);
    const list = (() => {
      try {
        return files(dir);
      } catch {
        return [];
      }
    })();
    it(`src/${layer.dir} respects its bans (${list.length} files)`, () => {
      expect(list.length).toBeGreaterThan(0);
      const violations: string[] = [];
      for (const file of list) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          const where = relative(ROOT, file);
          if (spec.startsWith('.')) {
            const target = relative(SRC, resolve(dirname(file), spec));
            const top = target.split(/[\\/]/)[0]!;
            if (layer.folders.includes(top)) violations.push(`${where} imports ${spec} (src/${top})`);
          } else if (layer.packages.some((p) => p.test(spec))) violations.push(`${where} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it(`src/${SHARED.dir} imports nothing but zod`, () => {
    const list = files(join(SRC, SHARED.dir));
    expect(list.length).toBeGreaterThan(0);
    const violations = list.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) =>
          spec.startsWith('.')
            ? relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0] !== SHARED.dir
            : !SHARED.only.some((p) => p.test(spec)),
        )
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('the checker itself catches a violation', () => {
    expect(
      importsOf(
        `import { x } from 'langium';\nimport type { Y } from "../language/ast.js";\nconst z = require('vscode');\nimport './side-effect.js';`,
      ),
    ).toEqual(['langium', '../language/ast.js', 'vscode', './side-effect.js']);
  });
});

/** Lines of a file, as `wc -l` counts them (a last line without a newline counts too). */
function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The most lines a file under src/ may have: past that, it holds more than one job. */
const MAX_LINES = 500;

/**
 * Files allowed over MAX_LINES, each with the reason it is still one job (ARCHITECTURE.md says
 * the same). None today; an entry no longer needed fails, so the list stays true.
 */
const LONG_FILES: Record<string, string> = {};

/**
 * The relative modules a file imports at run time: value imports, side-effect imports, dynamic
 * imports and re-exports (`export ... from`). `import type`, imports of types only
 * (`import { type A, type B }`) and re-exports of types only are erased, so they do not count.
 */
export function valueImportsOf(text: string, fileName = 'file.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const onlyTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) =>
    elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            onlyTypes(clause.namedBindings.elements)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && onlyTypes(clause.elements));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` or `./x/index.ts`), if it is one of `known`. */
function resolveSpecifier(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.(js|ts)$/, '');
  return [`${base}.ts`, join(base, 'index.ts')].find((p) => known.has(p));
}

/** Value imports between the given files: file -> the files it imports at run time. */
function importGraph(list: string[]): Map<string, string[]> {
  const known = new Set(list);
  const graph = new Map<string, string[]>();
  for (const file of list) {
    const targets = valueImportsOf(readFileSync(file, 'utf8'), file)
      .map((spec) => resolveSpecifier(file, spec, known))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every elementary cycle of the graph, each once, as its chain of nodes starting (and ending) at
 * its first node in sort order. (A search from each node through later nodes only.)
 */
export function cyclesOf(graph: Map<string, string[]>, limit = 1000): string[][] {
  const nodes = [...graph.keys()].sort();
  const order = new Map(nodes.map((n, i) => [n, i]));
  const cycles: string[][] = [];
  for (const start of nodes) {
    const first = order.get(start)!;
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (cycles.length >= limit) return;
        const at = order.get(next);
        if (at === undefined || at < first) continue;
        if (next === start) cycles.push([...path, start]);
        else if (!onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

describe('architecture: file size and import cycles', () => {
  const list = files(SRC);
  const name = (file: string) => relative(ROOT, file).split(sep).join('/');

  it(`no file under src/ is over ${MAX_LINES} lines but the allowed ones (${list.length} files)`, () => {
    expect(list.length).toBeGreaterThan(0);
    const sizes = new Map(list.map((f) => [name(f), lineCount(readFileSync(f, 'utf8'))]));
    const tooLong = [...sizes]
      .filter(([f, n]) => n > MAX_LINES && !(f in LONG_FILES))
      .map(([f, n]) => `${f}: ${n} lines`);
    const stale = Object.keys(LONG_FILES).filter((f) => (sizes.get(f) ?? 0) <= MAX_LINES);
    expect(tooLong).toEqual([]);
    expect(stale, 'LONG_FILES entries no longer needed').toEqual([]);
  });

  // No cycle is known today, so none is allowed: a cycle found is reported as its chain of files.
  it('no import cycle between files under src/ (value imports)', () => {
    expect(cyclesOf(importGraph(list)).map((c) => c.map(name).join(' -> '))).toEqual([]);
  });

  it('the cycle checker itself catches a cycle, and counts only value imports', () => {
    expect(
      valueImportsOf(
        [
          `import { a } from './a.js';`,
          `import type { B } from './b.js';`,
          `import { type C, type D } from './c.js';`,
          `import { type E, e } from './e.js';`,
          `import * as f from './f.js';`,
          `import g from './g.js';`,
          `import './h.js';`,
          `export { i } from './i.js';`,
          `export * from './j.js';`,
          `export type { K } from './k.js';`,
          `export { type L } from './l.js';`,
          `const m = () => import('./m.js');`,
          `let n: typeof import('./n.js');`,
          `// import { o } from './o.js';`,
        ].join('\n'),
      ),
    ).toEqual(['./a.js', './e.js', './f.js', './g.js', './h.js', './i.js', './j.js', './m.js']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['a', 'c']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['a', 'b', 'a'],
      ['c', 'c'],
    ]);
  });
});
