/**
 * Enforces ARCHITECTURE.md's invariants: what must never import what.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
    folders: ['language', 'server', 'cli', 'core'],
  },
  // The CLI: no VS Code.
  { dir: 'cli', packages: [/^vscode$/, /^vscode-languageclient/], folders: ['server', 'extension', 'webview'] },
  // The preview's script in the webview (a browser page): Mermaid and the shared messages; no VS Code API, no Langium, no LSP.
  {
    dir: 'webview',
    packages: [/^vscode/, /^langium/, /^chevrotain/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/],
    folders: ['language', 'server', 'extension', 'cli'],
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
