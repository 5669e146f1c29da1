/**
 * Rule test harness. Fixtures and doc examples mark where findings are expected with a comment on
 * the line the finding points at:
 *
 *     service web { instances 4 sessions local }   // expect: stateful-clones "keeps sessions"
 *
 * (one marker per expected finding; several may share a line; the quoted text must appear in the
 * message). A file must produce exactly the marked findings of the rule under test.
 */
import { analyze } from '../../../src/core/analysis/index.js';
import { RULES } from '../../../src/core/rules/registry.js';
import { runRules } from '../../../src/core/rules/runner.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../../src/core/rules/settings.js';
import type { Finding, Fix } from '../../../src/core/rules/types.js';
import { applyEdits, renderFix } from '../../../src/language/fixes.js';
import { loadTexts, type FileDiagnostic, type LoadResult } from '../../../src/language/workspace.js';

export interface Expectation {
  rule: string;
  /** 1-based line. */
  line: number;
  fragment: string;
}

export function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/expect: ([a-z][a-z0-9-]*)(?: "([^"]*)")?/g))
      out.push({ rule: m[1]!, line: i + 1, fragment: m[2] ?? '' });
  });
  return out;
}

export interface Checked {
  load: LoadResult;
  findings: Finding[];
  errors: FileDiagnostic[];
}

export async function check(
  files: Record<string, string>,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): Promise<Checked> {
  const load = await loadTexts(files);
  const findings = runRules(RULES, load.model, analyze(load.model), settings);
  return {
    load,
    findings,
    errors: load.diagnostics.filter((d) => d.severity === 'error' && !RULES.some((r) => r.id === d.code)),
  };
}

/** `line "message"` per finding of a rule, for readable comparisons. */
export function describeFindings(findings: readonly Finding[], rule: string, uri?: string): string[] {
  return findings
    .filter((f) => f.rule === rule && (!uri || f.location.uri === uri))
    .map((f) => `${f.location.range.start.line + 1} ${f.message}`)
    .sort();
}

/** Whether the findings of `rule` match the expectations exactly (same lines, fragments found). */
export function mismatch(
  findings: readonly Finding[],
  expected: readonly Expectation[],
  rule: string,
  uri: string,
): string | undefined {
  const got = findings.filter((f) => f.rule === rule && f.location.uri === uri);
  const want = expected.filter((e) => e.rule === rule);
  const unmatched = [...got];
  const missing: Expectation[] = [];
  for (const e of want) {
    const i = unmatched.findIndex((f) => f.location.range.start.line + 1 === e.line && f.message.includes(e.fragment));
    if (i < 0) missing.push(e);
    else unmatched.splice(i, 1);
  }
  if (missing.length === 0 && unmatched.length === 0) return undefined;
  return [
    ...missing.map((e) => `missing: line ${e.line} "${e.fragment}"`),
    ...unmatched.map((f) => `unexpected: line ${f.location.range.start.line + 1} "${f.message}"`),
  ].join('\n');
}

/** Applies a fix to in-memory files and returns the new files. */
export function applyFix(files: Record<string, string>, load: LoadResult, fix: Fix): Record<string, string> {
  const docs = { byUri: (u: string) => load.documents.find((d) => d.uri.toString() === u), all: () => load.documents };
  const locate = { edgeLocation: (id: string) => load.model.edges.find((e) => e.id === id)?.location };
  const edits = renderFix(fix, docs, locate);
  const out = { ...files };
  for (const [uri, list] of Object.entries(edits)) {
    const path = decodeURIComponent(new URL(uri).pathname);
    out[path] = applyEdits(out[path]!, list);
  }
  return out;
}
