/**
 * DESIGN.md section 8 (and issue #7) targets, and the bench's verdict on each: informative
 * only. The bench never fails on a target; no test asserts a wall-clock time.
 */

export interface Target {
  id: string;
  /** What is measured, in words. */
  label: string;
  /** Upper bound (the figure must be below it). */
  limit: number;
  unit: 'ms' | 'MB' | '%' | 'ns';
}

export const TARGETS: Target[] = [
  {
    id: 'check-10000',
    label: 'full check (parse+link+validate incl. model, analysis, rules), 10,000 components',
    limit: 1000,
    unit: 'ms',
  },
  { id: 'check-50000', label: 'full check, 50,000 components', limit: 5000, unit: 'ms' },
  {
    id: 'edit-1000',
    label: 'one-line edit -> fresh diagnostics and inlay hints, 1,000 components (median)',
    limit: 50,
    unit: 'ms',
  },
  {
    id: 'edit-10000',
    label: 'one-line edit -> fresh diagnostics and inlay hints, 10,000 components (median)',
    limit: 250,
    unit: 'ms',
  },
  {
    id: 'sim-event',
    label: 'simulation time per event on one core (2 million events per second or more)',
    limit: 500,
    unit: 'ns',
  },
  {
    id: 'sim-capacity-plan',
    label: 'simulate the capacity-plan sample (10,000 rps), 60 simulated seconds, all replications',
    limit: 15000,
    unit: 'ms',
  },
  {
    id: 'sweep-10000',
    label:
      '100-point load sweep of a generated 10,000-component model (break points, lens), share of the 10,000 full check',
    limit: 20,
    unit: '%',
  },
  {
    id: 'sweep-curves-10000',
    label:
      "the same sweep with every client's p50/p95/p99 curve read (the CLI's sweep and the preview's charts), share of the 10,000 full check",
    limit: 20,
    unit: '%',
  },
  { id: 'mermaid-200', label: 'Mermaid text for 200 nodes (median)', limit: 5, unit: 'ms' },
  { id: 'preview-overhead', label: "the webview's time on top of Mermaid's own render", limit: 10, unit: '%' },
  { id: 'activation', label: 'extension activation (require + activate)', limit: 100, unit: 'ms' },
  { id: 'vsix', label: '.vsix size', limit: 5, unit: 'MB' },
];

export type Verdict = 'met' | 'NOT met' | 'not measured';

export interface VerdictLine {
  target: Target;
  value: number | undefined;
  verdict: Verdict;
  note?: string;
}

export function verdictOf(target: Target, value: number | undefined): Verdict {
  if (value === undefined || !Number.isFinite(value)) return 'not measured';
  return value < target.limit ? 'met' : 'NOT met';
}

/** `label < 1000 ms` style summary of the targets, for the bench's header. */
export function targetsHeader(): string {
  return TARGETS.map((t) => `${t.id} < ${t.limit} ${t.unit}`).join('; ');
}

export function formatVerdicts(lines: VerdictLine[]): string[] {
  const w = Math.max(...lines.map((l) => l.target.id.length));
  return lines.map((l) => {
    const v =
      l.value === undefined
        ? '-'
        : `${l.value >= 100 ? l.value.toFixed(0) : l.value.toFixed(l.value >= 10 ? 1 : 2)} ${l.target.unit}`;
    return `  ${l.target.id.padEnd(w)}  ${l.verdict.padEnd(12)} ${v.padStart(10)}  (target < ${l.target.limit} ${l.target.unit}: ${l.target.label})${l.note ? `; ${l.note}` : ''}`;
  });
}
