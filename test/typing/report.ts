/**
 * The typing report (`npm run typing-report`): every typo of every sample and rule fixture, no
 * stride, and the table of issue 13: per kind of typo, language errors per typo (median, max),
 * changed findings per typo (total, max), unexplained findings, and the worst examples.
 */
import { typingTargets } from './corpus.js';
import { EXPECTATIONS } from './expectations.js';
import { median, overLimits, runTyping, worst, type Example, type RunResult } from './run.js';
import { TYPO_KINDS } from './typos.js';

const max = (values: readonly number[]) => values.reduce((m, n) => Math.max(m, n), 0);

export function formatTable(result: RunResult): string {
  const columns = [
    'typo kind',
    'typos',
    'errors/typo median',
    'max',
    'max, one per unknown name',
    'typos over the limit',
    'typos with an error elsewhere',
    'changed findings total',
    'max/typo',
    'of the changed: vanished',
    'unexplained findings',
    'crashes',
    'slowest ms',
  ];
  const rows = [columns, columns.map((_, i) => (i === 0 ? '---' : '---:'))];
  for (const kind of TYPO_KINDS) {
    const s = result.kinds[kind];
    if (s.variants === 0) continue;
    const e = EXPECTATIONS[kind];
    const counts = e.oneErrorPerUnknownName ? s.causeCounts : s.errorCounts;
    rows.push([
      kind,
      String(s.variants),
      String(median(s.errorCounts)),
      String(max(s.errorCounts)),
      String(max(s.causeCounts)),
      String(counts.filter((n) => n > e.maxErrorsPerTypo).length),
      String(s.errorsElsewhere),
      String(s.changedTotal),
      String(s.changedMax),
      String(s.vanishedTotal),
      String(s.unexplained),
      String(s.crashes.length),
      String(Math.round(s.maxMs)),
    ]);
  }
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

function formatExample(e: Example): string {
  const lines = [`- ${e.file} ${e.typo}: ${e.errors.length} errors, ${e.unexplained.length} unexplained findings`];
  for (const d of e.errors.slice(0, 4))
    lines.push(`    ${d.file.split('/').pop()}:${d.line + 1} ${d.code} ${d.message}`);
  if (e.errors.length > 4) lines.push(`    … and ${e.errors.length - 4} more errors`);
  for (const f of e.unexplained.slice(0, 3))
    lines.push(`    finding ${f.rule} on ${f.subject} (line ${f.line + 1}): ${f.message.slice(0, 110)}`);
  if (e.unexplained.length > 3) lines.push(`    … and ${e.unexplained.length - 3} more findings`);
  if (e.crash) lines.push(`    crash: ${e.crash.split('\n')[0]}`);
  return lines.join('\n');
}

/** Runs every typo of the files whose path contains one of `filter` (all when empty); 1 when over the limits. */
export async function typingReport(root: string, filter: readonly string[], out: (s: string) => void): Promise<number> {
  const targets = typingTargets(root).filter((t) => filter.length === 0 || filter.some((f) => t.file.includes(f)));
  const bytes = targets.reduce((n, t) => n + t.files[t.file]!.length, 0);
  out(`typing over ${targets.length} files (${(bytes / 1024).toFixed(1)} KB), every typo, no stride\n`);
  const result = await runTyping(targets, {
    progress: (t, done, total) => process.stderr.write(`\r${done}/${total} ${t.file.padEnd(70)}`),
  });
  process.stderr.write('\n');
  const typos = TYPO_KINDS.reduce((n, k) => n + result.kinds[k].variants, 0);
  out(
    `${typos} typos, ${result.checked} distinct texts checked in ${(result.ms / 1000).toFixed(1)} s (${(
      result.ms / result.checked
    ).toFixed(2)} ms per text)\n\n`,
  );
  out(formatTable(result));
  const crashes = TYPO_KINDS.flatMap((k) => result.kinds[k].crashes);
  if (crashes.length > 0) {
    out(`\nCrashes (${crashes.length}):\n`);
    for (const e of crashes.slice(0, 10)) out(formatExample(e) + '\n');
  }
  for (const kind of TYPO_KINDS) {
    const offenders = result.kinds[kind].offenders;
    if (offenders.length === 0) continue;
    out(`\nWorst ${kind} typos (${offenders.length} over the limits; one per line):\n`);
    for (const e of worst(offenders, 5)) out(formatExample(e) + '\n');
  }
  const withUnexplained = TYPO_KINDS.flatMap((k) => result.kinds[k].offenders).filter((e) => e.unexplained.length > 0);
  if (withUnexplained.length > 0) {
    out(`\nMost unexplained findings (one per line):\n`);
    const most = withUnexplained.map((e) => ({ ...e, counted: e.unexplained.length }));
    for (const e of worst(most, 5)) out(formatExample(e) + '\n');
  }
  out('\nSlowest variant of each kind:\n');
  for (const kind of TYPO_KINDS) {
    const e = result.kinds[kind].slowest;
    if (e) out(`- ${kind}: ${e.file} ${e.typo}: ${Math.round(e.ms)} ms\n`);
  }
  const over = overLimits(result);
  out(
    over.length > 0
      ? `\nover the limits of test/typing/expectations.ts in ${over.length} way(s)\n`
      : '\nwithin the limits of test/typing/expectations.ts\n',
  );
  return over.length > 0 ? 1 : 0;
}
