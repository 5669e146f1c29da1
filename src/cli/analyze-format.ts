/**
 * Output of `archscale analyze`: a readable aligned table, or plain JSON (null, never NaN or
 * Infinity, for figures that do not exist).
 */
import type { Analysis, ComponentAnalysis, Figure, PathAnalysis } from '../core/analysis/index.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../core/units.js';

// ---------------------------------------------------------------------------------------------
// JSON

export interface JsonLoad {
  reads: number | null;
  writes: number | null;
  total: number | null;
}

export interface JsonLatency {
  meanMs: number | null;
  p95Ms: number | null;
}

export interface JsonConsistency {
  class: string;
  stalenessMs: number | null;
  cap: string;
}

export interface JsonComponent {
  name: string;
  kind: string;
  system: string;
  load: JsonLoad;
  capacityRps: number | null;
  utilization: number | null;
  latency: JsonLatency;
  concurrency: number | null;
  instances: number | null;
  saturated: boolean;
  backlogRps: number | null;
  headroom: number | null;
  instancesNeeded: number | null;
  waitProbability: number | null;
  availability: number | null;
  endToEnd: JsonLatency;
  store: { shards: number; replicas: number; primaryRps: number | null; replicaRps: number | null } | null;
  consistency: JsonConsistency | null;
  storage: {
    growthPerMonthBytes: number | null;
    atHorizonBytes: number | null;
    capacityBytes: number | null;
    monthsUntilFull: number | null;
  } | null;
  notes: string[];
}

export interface JsonPath {
  from: string;
  to: string;
  /** reads or writes (which class of the client's requests takes this path). */
  traffic: string;
  hops: string[];
  latency: JsonLatency;
  availability: number | null;
  consistency: JsonConsistency | null;
}

export interface JsonAnalysis {
  components: JsonComponent[];
  paths: JsonPath[];
  system: {
    maxThroughputRps: number | null;
    bottleneck: string | null;
    availability: number | null;
    storage: {
      growthPerMonthBytes: number | null;
      atHorizonBytes: number | null;
      horizonMs: number;
      firstFull: { component: string; months: number } | null;
    };
  };
  cycles: string[][];
}

/** A number, or null when it is not finite. */
const v = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const fv = (f: Figure | null | undefined): number | null => v(f?.value);

export function analysisToJson(a: Analysis): JsonAnalysis {
  return {
    components: a.components.map((c) => componentJson(c)),
    paths: a.paths.map((p) => pathJson(p)),
    system: {
      maxThroughputRps: fv(a.system.maxThroughput),
      bottleneck: a.system.bottleneck,
      availability: fv(a.system.availability),
      storage: {
        growthPerMonthBytes: fv(a.system.storage.growthPerMonth),
        atHorizonBytes: fv(a.system.storage.atHorizon),
        horizonMs: a.system.storage.horizonMs,
        firstFull:
          a.system.storage.firstFull && v(a.system.storage.firstFull.months) !== null
            ? { ...a.system.storage.firstFull }
            : null,
      },
    },
    cycles: a.cycles.map((c) => [...c.components]),
  };
}

function componentJson(c: ComponentAnalysis): JsonComponent {
  const store = c.store;
  const storage = c.storage;
  const cons = c.consistency;
  return {
    name: c.name,
    kind: c.kind,
    system: c.system,
    load: { reads: fv(c.load.reads), writes: fv(c.load.writes), total: fv(c.load.total) },
    capacityRps: fv(c.capacity),
    utilization: fv(c.utilization),
    latency: { meanMs: fv(c.latency.mean), p95Ms: fv(c.latency.p95) },
    concurrency: fv(c.concurrency),
    instances: fv(c.instances),
    saturated: c.saturated,
    backlogRps: fv(c.backlogGrowth),
    headroom: fv(c.headroom),
    instancesNeeded: fv(c.instancesNeeded),
    waitProbability: fv(c.queue?.waitProbability),
    availability: fv(c.availability),
    endToEnd: { meanMs: fv(c.endToEnd.mean), p95Ms: fv(c.endToEnd.p95) },
    store: store
      ? {
          shards: store.shards,
          replicas: store.replicas,
          primaryRps: fv(store.primary.load),
          replicaRps: fv(store.replica?.load),
        }
      : null,
    consistency: cons ? { class: cons.class, stalenessMs: v(cons.stalenessMs), cap: cons.cap } : null,
    storage: storage
      ? {
          growthPerMonthBytes: fv(storage.growthPerMonth),
          atHorizonBytes: fv(storage.atHorizon),
          capacityBytes: fv(storage.capacity),
          monthsUntilFull: fv(storage.monthsUntilFull),
        }
      : null,
    notes: [...c.notes],
  };
}

function pathJson(p: PathAnalysis): JsonPath {
  return {
    from: p.from,
    to: p.to,
    traffic: p.traffic,
    hops: [...p.hops],
    latency: { meanMs: fv(p.latency.mean), p95Ms: fv(p.latency.p95) },
    availability: fv(p.availability),
    consistency: p.consistency
      ? { class: p.consistency.class, stalenessMs: v(p.consistency.stalenessMs), cap: p.consistency.cap }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Table

const DASH = '—';

function rate(x: number | null): string {
  return x === null ? DASH : `${formatNumber(x)} rps`;
}
function dur(x: number | null, unbounded: boolean): string {
  if (x === null) return unbounded ? '∞' : DASH;
  return formatDuration(x);
}
function avail(a: number | null): string {
  if (a === null) return DASH;
  if (a >= 1) return '100 %';
  // enough decimals to show how far from 100 % it is (up to 12 nines)
  const digits = Math.min(12, Math.max(1, Math.ceil(-Math.log10(1 - a))));
  const text = String(Number((a * 100).toFixed(digits)));
  return text === '100' ? '> 99.9999999999 %' : `${text} %`;
}

/** Left-aligned columns; numeric columns (by index) right-aligned. */
function table(header: string[], rows: string[][], right: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatAnalysisTable(a: Analysis): string {
  const out: string[] = [];
  out.push('Components');
  const rows = a.components.map((c) => {
    const flags: string[] = [];
    if (c.saturated) flags.push(`SATURATED (+${formatNumber(c.backlogGrowth.value ?? 0)}/s backlog)`);
    if (a.system.bottleneck === c.id) flags.push('bottleneck');
    if (!c.hasCapacity && c.kind !== 'client') flags.push('no capacity: load only');
    const cons = c.consistency;
    if (cons)
      flags.push(
        `${cons.class}${cons.class === 'eventual' && cons.stalenessMs !== null ? ` ≤ ${formatDuration(cons.stalenessMs)}` : ''} (${cons.cap})`,
      );
    const lat = c.latency;
    const unbounded = lat.mean.value === null && c.saturated;
    return [
      c.name,
      c.kind,
      rate(c.load.reads.value),
      rate(c.load.writes.value),
      rate(c.load.total.value),
      rate(c.capacity.value),
      c.utilization.value === null ? DASH : formatPercent(c.utilization.value),
      dur(lat.mean.value, unbounded || lat.mean.text.startsWith('unbounded')),
      dur(lat.p95.value, unbounded || lat.p95.text.startsWith('unbounded')),
      c.concurrency.value === null ? (c.saturated ? '∞' : DASH) : formatNumber(c.concurrency.value),
      flags.join('; '),
    ];
  });
  out.push(
    ...table(
      ['name', 'kind', 'reads', 'writes', 'load', 'capacity', 'util', 'mean', 'p95', 'in flight', 'notes'],
      rows,
      new Set([2, 3, 4, 5, 6, 7, 8, 9]),
    ),
  );

  out.push('', `Paths${a.pathsTruncated ? ` (first ${a.paths.length}; more exist)` : ''}`);
  if (a.paths.length === 0) out.push('  (no synchronous request paths from clients)');
  else {
    const prow = a.paths.map((p) => {
      const c = p.consistency;
      const unbounded = p.latency.mean.value === null;
      return [
        p.hops.join(' → '),
        p.traffic,
        p.probability.value === null ? DASH : formatPercent(p.probability.value),
        dur(p.latency.mean.value, unbounded),
        dur(p.latency.p95.value, unbounded),
        avail(p.availability.value),
        c
          ? `${c.class}${c.stalenessMs !== null && c.class !== 'strong' ? ` ≤ ${formatDuration(c.stalenessMs)}` : c.class === 'eventual' ? ' (unbounded)' : ''} ${c.cap}${c.requirement ? `, requires ${c.requirement}: ${c.satisfied ? 'ok' : 'NOT MET'}` : ''}`
          : DASH,
      ];
    });
    out.push(
      ...table(['path', 'class', 'share', 'mean', 'p95', 'availability', 'consistency'], prow, new Set([2, 3, 4, 5])),
    );
  }

  if (a.requests.length) {
    out.push('', 'Requests (end to end, per client)');
    const rrow = a.requests.map((q) => {
      const unbounded = q.latency.mean.value === null;
      return [
        q.client,
        q.traffic,
        rate(q.rate.value),
        dur(q.latency.mean.value, unbounded),
        dur(q.latency.p95.value, unbounded),
        dur(q.latency.p99.value, unbounded),
        avail(q.availability.value),
      ];
    });
    out.push(
      ...table(['client', 'class', 'rate', 'mean', 'p95', 'p99', 'availability'], rrow, new Set([2, 3, 4, 5, 6])),
    );
  }

  out.push('', 'System');
  const s = a.system;
  out.push(
    `  max throughput  ${s.maxThroughput.value === null ? `${DASH} (${s.maxThroughput.text})` : `${rate(s.maxThroughput.value)}${s.bottleneck ? ` (bottleneck: ${s.bottleneck})` : ''}`}`,
  );
  out.push(`  client rate     ${rate(s.clientRate.value)}`);
  out.push(`  availability    ${avail(s.availability.value)}`);
  out.push(
    `  worst p95       ${s.worstP95.value === null ? s.worstP95.text : s.worstP95.text.replace(/^worst p95: /, '')}`,
  );
  out.push(`  in flight       ${s.concurrency.value === null ? '∞' : formatNumber(s.concurrency.value)}`);
  const st = s.storage;
  out.push(
    `  storage         ${st.growthPerMonth.value === null ? DASH : `${formatBytes(st.growthPerMonth.value)} per month, ${formatBytes(st.atHorizon.value ?? 0)} over ${formatDuration(st.horizonMs)}`}${st.firstFull ? `; ${st.firstFull.component} full in ${formatNumber(st.firstFull.months)} months` : ''}`,
  );
  if (s.saturated.length) out.push(`  saturated       ${s.saturated.join(', ')}`);
  for (const sys of a.systems) {
    const slo: string[] = [];
    if (sys.meetsLatencySlo !== null) slo.push(`latency SLO ${sys.meetsLatencySlo ? 'met' : 'MISSED'}`);
    if (sys.meetsAvailabilitySlo !== null) slo.push(`availability SLO ${sys.meetsAvailabilitySlo ? 'met' : 'MISSED'}`);
    if (slo.length) out.push(`  ${sys.name}: ${slo.join(', ')}`);
  }
  if (a.cycles.length) {
    out.push('', 'Cycles');
    for (const c of a.cycles) out.push(`  ${c.text}`);
  }
  return out.join('\n') + '\n';
}
