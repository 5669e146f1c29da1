/**
 * Runs the typing test over targets: every typo of every kind, each variant checked as the CLI
 * checks it (checker.ts), its findings sorted against the clean file's (explains.ts), and the
 * numbers the report prints and the test asserts gathered per kind of typo.
 */
import { TypingChecker, type Outcome, type TypingError, type TypingFinding } from './checker.js';
import type { Target } from './corpus.js';
import { errorsByCause, explain, typoErrors } from './explains.js';
import { EXPECTATIONS, MAX_MS_PER_VARIANT, type Expectation } from './expectations.js';
import { closeOpenBlocks, TYPO_KINDS, typosOf, type Typo, type TypoKind } from './typos.js';

export interface Example {
  file: string;
  /** 0-based line of the typo (in the variant). */
  line: number;
  typo: string;
  /** The errors counted against the limit (expectations.ts). */
  counted: number;
  errors: TypingError[];
  unexplained: TypingFinding[];
  crash?: string;
  ms: number;
}

export interface KindStats {
  kind: TypoKind;
  variants: number;
  /** Language errors each typo caused (explains.ts typoErrors), in order. */
  errorCounts: number[];
  /** The same, the unresolved references to one name counted once (explains.ts errorsByCause). */
  causeCounts: number[];
  changedTotal: number;
  changedMax: number;
  /** Of the changed findings, those of the clean file that vanished. */
  vanishedTotal: number;
  /** Typos with an error away from the lines they touched (another line, another file). */
  errorsElsewhere: number;
  unexplained: number;
  crashes: Example[];
  maxMs: number;
  /** The variant that took longest. */
  slowest?: Example;
  /** Every variant over its kind's error limit, with unexplained findings, or over the time limit. */
  offenders: Example[];
}

export interface RunOptions {
  kinds?: readonly TypoKind[];
  /** Which typos to check (default: all); `index` counts the typos of that kind in that file from 0. */
  select?: (target: Target, typo: Typo, index: number) => boolean;
  /** The limits a variant is held to (default: expectations.ts). */
  expectations?: Record<TypoKind, Expectation>;
  /** Called after each target (progress). */
  progress?: (target: Target, done: number, total: number) => void;
}

export interface RunResult {
  kinds: Record<TypoKind, KindStats>;
  /** Variants checked (after dropping those whose text another typo of the same file already gave). */
  checked: number;
  ms: number;
}

export async function runTyping(targets: readonly Target[], options: RunOptions = {}): Promise<RunResult> {
  const start = performance.now();
  const checker = new TypingChecker();
  const kinds = options.kinds ?? TYPO_KINDS;
  const expectations = options.expectations ?? EXPECTATIONS;
  const stats = {} as Record<TypoKind, KindStats>;
  for (const kind of TYPO_KINDS)
    stats[kind] = {
      kind,
      variants: 0,
      errorCounts: [],
      causeCounts: [],
      changedTotal: 0,
      changedMax: 0,
      vanishedTotal: 0,
      errorsElsewhere: 0,
      unexplained: 0,
      crashes: [],
      maxMs: 0,
      offenders: [],
    };
  let checked = 0;
  let done = 0;
  for (const target of targets) {
    const cleanText = target.files[target.file]!;
    const clean = await checker.check(target.files);
    if (clean.crash) throw new Error(`${target.file}: the clean file crashes: ${clean.crash}`);
    // Typos that give the same text (deleting either of two spaces) are checked once.
    const seen = new Map<string, Outcome>();
    const outcomeOf = async (text: string) => {
      let o = seen.get(text);
      if (!o) {
        o = await checker.check({ ...target.files, [target.file]: text });
        // A hang is reproducible; a collection or a busy machine is not: a slow variant is timed
        // again (up to twice), and its fastest time counts.
        for (let retry = 0; retry < 2 && o.ms > MAX_MS_PER_VARIANT; retry++) {
          const again = await checker.check({ ...target.files, [target.file]: text });
          o = { ...o, ms: Math.min(o.ms, again.ms) };
        }
        seen.set(text, o);
        checked++;
      }
      return o;
    };
    for (const kind of kinds) {
      const s = stats[kind];
      let i = 0;
      for (const typo of typosOf(cleanText, kind)) {
        if (options.select && !options.select(target, typo, i++)) continue;
        const variant = await outcomeOf(typo.text);
        const reference = kind === 'typed' ? await outcomeOf(closeOpenBlocks(typo.text)) : undefined;
        record(s, target, typo, clean, variant, reference, expectations[kind]);
      }
    }
    options.progress?.(target, ++done, targets.length);
  }
  return { kinds: stats, checked, ms: performance.now() - start };
}

function record(
  s: KindStats,
  target: Target,
  typo: Typo,
  clean: Outcome,
  variant: Outcome,
  reference: Outcome | undefined,
  expectation: Expectation,
): void {
  const { unexplained, changed, vanished } = explain(clean, variant, typo, target.file, reference);
  const errors = typoErrors(variant, reference);
  const byCause = errorsByCause(errors);
  const counted = expectation.oneErrorPerUnknownName ? byCause : errors.length;
  s.variants++;
  s.errorCounts.push(errors.length);
  s.causeCounts.push(byCause);
  s.changedTotal += changed;
  s.changedMax = Math.max(s.changedMax, changed);
  s.vanishedTotal += vanished;
  if (errors.some((e) => e.file !== target.file || !typo.linesAfter.includes(e.line))) s.errorsElsewhere++;
  s.unexplained += unexplained.length;
  const slowest = variant.ms > s.maxMs;
  s.maxMs = Math.max(s.maxMs, variant.ms);
  const example: Example = {
    file: target.file,
    line: typo.linesAfter[typo.linesAfter.length - 1]!,
    typo: typo.label,
    counted,
    errors,
    unexplained,
    ms: variant.ms,
    ...(variant.crash !== undefined ? { crash: variant.crash } : {}),
  };
  if (slowest) s.slowest = example;
  if (variant.crash !== undefined) s.crashes.push(example);
  if (counted > expectation.maxErrorsPerTypo || unexplained.length > 0 || variant.ms > MAX_MS_PER_VARIANT)
    s.offenders.push(example);
}

/**
 * The worst offenders, one per line of a file (the typos of one line tend to break it alike):
 * most errors counted first, then most unexplained findings.
 */
export function worst(examples: readonly Example[], n: number): Example[] {
  const out: Example[] = [];
  const lines = new Set<string>();
  for (const e of [...examples].sort((a, b) => b.counted - a.counted || b.unexplained.length - a.unexplained.length)) {
    const key = `${e.file}:${e.line}`;
    if (lines.has(key)) continue;
    lines.add(key);
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Every way `result` breaks the limits (expectations.ts), one line each, with the worst examples:
 * empty when the typing test passes.
 */
export function overLimits(
  result: RunResult,
  expectations: Record<TypoKind, Expectation> = EXPECTATIONS,
  maxMs = MAX_MS_PER_VARIANT,
): string[] {
  const out: string[] = [];
  const brief = (e: Example) =>
    `${e.file} ${e.typo}: ${e.counted} errors [${e.errors
      .slice(0, 3)
      .map((d) => `${d.line + 1}: ${d.message}`)
      .join(
        ' | ',
      )}]${e.unexplained.length ? `, unexplained ${e.unexplained.map((f) => `${f.rule} on ${f.subject}`).join(', ')}` : ''}`;
  for (const kind of TYPO_KINDS) {
    const s = result.kinds[kind];
    const limit = expectations[kind];
    for (const e of s.crashes.slice(0, 3)) out.push(`${kind}: crash: ${e.file} ${e.typo}: ${e.crash?.split('\n')[0]}`);
    const over = s.offenders.filter((e) => e.counted > limit.maxErrorsPerTypo);
    if (over.length > 0)
      out.push(
        `${kind}: ${over.length} of ${s.variants} typos give more than ${limit.maxErrorsPerTypo} language errors, e.g. ${worst(over, 3).map(brief).join('; ')}`,
      );
    if (s.unexplained > limit.unexplainedFindings) {
      const withUnexplained = s.offenders.filter((e) => e.unexplained.length > 0);
      out.push(
        `${kind}: ${s.unexplained} findings nothing explains (limit ${limit.unexplainedFindings}), e.g. ${worst(withUnexplained, 3).map(brief).join('; ')}`,
      );
    }
    if (s.maxMs > maxMs)
      out.push(`${kind}: ${s.slowest?.file} ${s.slowest?.typo} took ${Math.round(s.maxMs)} ms (limit ${maxMs} ms)`);
  }
  return out;
}
