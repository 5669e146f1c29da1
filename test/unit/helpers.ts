import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RULE_IDS } from '../../src/core/rules/registry.js';
import { loadTexts, type FileDiagnostic, type LoadResult } from '../../src/language/workspace.js';

export const ROOT = resolve(__dirname, '../..');

/** The language's own diagnostics (syntax, references, units...), without rule findings. */
export function languageOnly(r: LoadResult): LoadResult {
  return { ...r, diagnostics: r.diagnostics.filter((d) => !RULE_IDS.includes(d.code)) };
}

/** Loads in-memory files and keeps only the language's diagnostics. */
export async function loadLanguage(files: Record<string, string>): Promise<LoadResult> {
  return languageOnly(await loadTexts(files));
}

/** Loads one in-memory file at /w/a.arch (language diagnostics only). */
export function load(text: string): Promise<LoadResult> {
  return loadLanguage({ '/w/a.arch': text });
}

/** A diagnostic in a compact, comparable form: `line:col severity code`. */
export function brief(d: FileDiagnostic): string {
  return `${d.line}:${d.column} ${d.severity} ${d.code}`;
}

export function errors(r: LoadResult): FileDiagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

/** Wraps component lines in a system. */
export function sys(body: string): string {
  return `system s {\n${body}\n}\n`;
}

export function sampleFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.arch')) out[p] = readFileSync(p, 'utf8');
    }
  };
  walk(join(ROOT, 'samples'));
  return out;
}
