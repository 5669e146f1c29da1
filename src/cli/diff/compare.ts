/**
 * What changed between two snapshots of a model: declarations (components and edges added,
 * removed, changed), the figures that moved, findings added and resolved, and the gates a pull
 * request can fail on. A figure moved when its worded value changed (so float noise is no
 * change), or for utilisation, when it moved by at least the threshold.
 */
import * as words from '../../core/wording.js';
import type { ModelSnapshot, Problem } from './snapshot.js';
import { propertyWord } from './snapshot.js';

export interface PropertyChange {
  property: string;
  base: string | null;
  head: string | null;
}

export interface Declared {
  id: string;
  kind: string;
  system: string;
}

export interface DeclarationChanges<T> {
  added: T[];
  removed: T[];
  changed: (T & { changes: PropertyChange[] })[];
}

/** A number on both sides, worded. */
export interface Moved {
  base: number | null;
  head: number | null;
  baseText: string;
  headText: string;
}

export interface SystemDiff {
  name: string;
  status: 'added' | 'removed' | 'both';
  maxThroughput: Moved;
  /** head / base - 1, null when either is missing or zero. */
  maxThroughputChange: number | null;
  bottleneck: { base: string | null; head: string | null };
  worstP95: Moved;
  availability: Moved;
  latencySlo: { base: boolean | null; head: boolean | null };
  availabilitySlo: { base: boolean | null; head: boolean | null };
  storageGrowth: Moved;
}

export interface RequestDiff {
  client: string;
  traffic: 'reads' | 'writes';
  p95: Moved;
  p99: Moved;
  availability: Moved;
}

export interface UtilizationDiff {
  component: string;
  utilization: Moved;
  saturated: { base: boolean; head: boolean };
}

export interface ConsistencyDiff {
  component: string;
  base: string | null;
  head: string | null;
}

export interface StorageDiff {
  component: string;
  growthPerMonth: Moved;
  monthsUntilFull: Moved;
}

export interface ProblemRef {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  rule: boolean;
}

export interface Gate {
  gate: 'throughput-drop' | 'new-error' | 'slo-missed';
  message: string;
}

export interface ModelDiff {
  base: { label: string; files: string[] };
  head: { label: string; files: string[] };
  components: DeclarationChanges<Declared>;
  edges: DeclarationChanges<Declared & { from: string; to: string }>;
  systems: SystemDiff[];
  requests: RequestDiff[];
  utilization: UtilizationDiff[];
  consistency: ConsistencyDiff[];
  storage: StorageDiff[];
  findings: { added: ProblemRef[]; resolved: ProblemRef[] };
  /** Gates asked for that failed (empty when none was asked for or all passed). */
  failed: Gate[];
}

export interface DiffGates {
  /** Fail when a system's max throughput drops by more than this share (0..1). */
  throughputDrop?: number;
  failOnNewError?: boolean;
  failOnSloMissed?: boolean;
  /** Utilisation changes smaller than this (a fraction, e.g. 0.05 = 5 points) are not listed. */
  utilizationDelta: number;
}

// ---------------------------------------------------------------------------------------------
// Wording of values

const DASH = '—';

function wordValue(field: string, v: unknown): string {
  if (v === undefined || v === null) return DASH;
  if (typeof v === 'number') {
    if (/Rps$/.test(field)) return words.rate(v);
    if (/Ms$/.test(field)) return words.duration(v);
    if (/Bytes$/.test(field)) return words.bytes(v);
    if (field === 'availability') return words.availability(v);
    if (['readFraction', 'hitRatio', 'share'].includes(field)) return words.percent(v);
    return words.count(v);
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (field === 'autoscale') return `${String(o.min)}..${String(o.max)}`;
  if (field === 'quorum') return `n ${String(o.n)} r ${String(o.r)} w ${String(o.w)}`;
  if (field === 'sessions' || field === 'files') return o.kind === 'store' ? `in ${String(o.store)}` : String(o.kind);
  return JSON.stringify(v);
}

/** Both sides of a figure; undefined: the side has no such thing (—), null: the figure does not exist there (`none`). */
function moved(
  base: number | null | undefined,
  head: number | null | undefined,
  word: (x: number) => string,
  none: string | [string, string] = DASH,
): Moved {
  const [nb, nh] = typeof none === 'string' ? [none, none] : none;
  const text = (x: number | null | undefined, n: string) => (x === undefined ? DASH : x === null ? n : word(x));
  return { base: base ?? null, head: head ?? null, baseText: text(base, nb), headText: text(head, nh) };
}
/** A latency is null when it is unbounded (the path goes through a saturated component). */
const UNBOUNDED = '∞ (saturated)';
const didMove = (m: Moved) => m.baseText !== m.headText;

function consistencyText(
  c: { class: string; stalenessMs: number | null; cap: string } | null | undefined,
): string | null {
  if (!c) return null;
  const bound =
    c.class === 'eventual' || c.class === 'weak'
      ? c.stalenessMs === null
        ? ' (no bound)'
        : ` ≤ ${words.duration(c.stalenessMs)}`
      : '';
  return `${c.class}${bound}, ${c.cap}`;
}

// ---------------------------------------------------------------------------------------------

function compareProps(base: Record<string, unknown>, head: Record<string, unknown>): PropertyChange[] {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const out: PropertyChange[] = [];
  for (const k of keys) {
    if (JSON.stringify(base[k]) === JSON.stringify(head[k])) continue;
    out.push({
      property: propertyWord(k),
      base: base[k] === undefined ? null : wordValue(k, base[k]),
      head: head[k] === undefined ? null : wordValue(k, head[k]),
    });
  }
  return out;
}

function declarations<T extends { id: string; props: Record<string, unknown>; system: string }, R>(
  base: Map<string, T>,
  head: Map<string, T>,
  view: (x: T) => R,
): DeclarationChanges<R> {
  const added = [...head.values()].filter((x) => !base.has(x.id)).map(view);
  const removed = [...base.values()].filter((x) => !head.has(x.id)).map(view);
  const changed: (R & { changes: PropertyChange[] })[] = [];
  for (const h of head.values()) {
    const b = base.get(h.id);
    if (!b) continue;
    const changes = compareProps({ ...b.props, system: b.system }, { ...h.props, system: h.system });
    if (changes.length) changed.push({ ...view(h), changes });
  }
  return { added, removed, changed };
}

const ref = (p: Problem): ProblemRef => ({
  code: p.code,
  severity: p.severity,
  message: p.message,
  file: p.file,
  line: p.line,
  rule: p.rule,
});

export function compareSnapshots(base: ModelSnapshot, head: ModelSnapshot, gates: DiffGates): ModelDiff {
  const components = declarations(base.components, head.components, (c) => ({
    id: c.id,
    kind: c.kind,
    system: c.system,
  }));
  const edges = declarations(base.edges, head.edges, (e) => ({
    id: e.id,
    kind: 'edge',
    system: e.system,
    from: e.from,
    to: e.to,
  }));

  const systems: SystemDiff[] = [];
  for (const name of [...new Set([...base.systems.keys(), ...head.systems.keys()])]) {
    const b = base.systems.get(name);
    const h = head.systems.get(name);
    const bt = b?.maxThroughputRps ?? null;
    const ht = h?.maxThroughputRps ?? null;
    systems.push({
      name,
      status: b && h ? 'both' : b ? 'removed' : 'added',
      maxThroughput: moved(bt, ht, words.rate),
      maxThroughputChange: bt !== null && ht !== null && bt > 0 ? ht / bt - 1 : null,
      bottleneck: { base: b?.bottleneck ?? null, head: h?.bottleneck ?? null },
      worstP95: moved(b?.worstP95Ms, h?.worstP95Ms, words.duration, [
        b?.saturated.length ? UNBOUNDED : DASH,
        h?.saturated.length ? UNBOUNDED : DASH,
      ]),
      availability: moved(b?.availability, h?.availability, words.fraction),
      latencySlo: { base: b?.meetsLatencySlo ?? null, head: h?.meetsLatencySlo ?? null },
      availabilitySlo: { base: b?.meetsAvailabilitySlo ?? null, head: h?.meetsAvailabilitySlo ?? null },
      storageGrowth: moved(
        b?.storageGrowthPerMonthBytes,
        h?.storageGrowthPerMonthBytes,
        (x) => `${words.bytes(x)}/month`,
      ),
    });
  }

  const requests: RequestDiff[] = [];
  for (const key of [...new Set([...base.requests.keys(), ...head.requests.keys()])]) {
    const b = base.requests.get(key);
    const h = head.requests.get(key);
    const r = {
      client: (b ?? h)!.client,
      traffic: (b ?? h)!.traffic,
      p95: moved(b?.p95Ms, h?.p95Ms, words.duration, UNBOUNDED),
      p99: moved(b?.p99Ms, h?.p99Ms, words.duration, UNBOUNDED),
      availability: moved(b?.availability, h?.availability, words.fraction),
    };
    if (didMove(r.p95) || didMove(r.p99) || didMove(r.availability)) requests.push(r);
  }

  const utilization: UtilizationDiff[] = [];
  const consistency: ConsistencyDiff[] = [];
  const storage: StorageDiff[] = [];
  for (const [name, h] of head.figures) {
    const b = base.figures.get(name);
    if (!b) continue;
    const u = moved(b.utilization, h.utilization, (x) => words.percent(x));
    const du = u.base !== null && u.head !== null ? Math.abs(u.head - u.base) : u.base === u.head ? 0 : Infinity;
    if (b.saturated !== h.saturated || (du >= gates.utilizationDelta && du > 0 && didMove(u)))
      utilization.push({ component: name, utilization: u, saturated: { base: b.saturated, head: h.saturated } });
    const bc = consistencyText(b.consistency);
    const hc = consistencyText(h.consistency);
    if (bc !== hc) consistency.push({ component: name, base: bc, head: hc });
    const growth = moved(
      b.storage?.growthPerMonthBytes,
      h.storage?.growthPerMonthBytes,
      (x) => `${words.bytes(x)}/month`,
    );
    const full = moved(b.storage?.monthsUntilFull, h.storage?.monthsUntilFull, (x) => `${words.count(x)} months`);
    if (didMove(growth) || didMove(full))
      storage.push({ component: name, growthPerMonth: growth, monthsUntilFull: full });
  }

  const findings = {
    added: [...head.problems.values()].filter((p) => !base.problems.has(p.key)).map(ref),
    resolved: [...base.problems.values()].filter((p) => !head.problems.has(p.key)).map(ref),
  };

  const diff: ModelDiff = {
    base: { label: base.label, files: base.files },
    head: { label: head.label, files: head.files },
    components,
    edges,
    systems: systems.filter(
      (s) =>
        s.status !== 'both' ||
        didMove(s.maxThroughput) ||
        s.bottleneck.base !== s.bottleneck.head ||
        didMove(s.worstP95) ||
        didMove(s.availability) ||
        s.latencySlo.base !== s.latencySlo.head ||
        s.availabilitySlo.base !== s.availabilitySlo.head ||
        didMove(s.storageGrowth),
    ),
    requests,
    utilization,
    consistency,
    storage,
    findings,
    failed: [],
  };
  diff.failed = checkGates(systems, diff, gates);
  return diff;
}

function checkGates(systems: SystemDiff[], diff: ModelDiff, gates: DiffGates): Gate[] {
  const failed: Gate[] = [];
  if (gates.throughputDrop !== undefined) {
    for (const s of systems) {
      if (s.status !== 'both' || s.maxThroughput.base === null || !(s.maxThroughput.base > 0)) continue;
      const drop = 1 - (s.maxThroughput.head ?? 0) / s.maxThroughput.base;
      if (drop > gates.throughputDrop + 1e-12)
        failed.push({
          gate: 'throughput-drop',
          message: `${s.name}: max throughput dropped ${words.percent(drop)} (${s.maxThroughput.baseText} → ${s.maxThroughput.headText}; limit ${words.percent(gates.throughputDrop)})`,
        });
    }
  }
  if (gates.failOnNewError) {
    for (const p of diff.findings.added)
      if (p.severity === 'error') failed.push({ gate: 'new-error', message: `new error ${p.code}: ${p.message}` });
  }
  if (gates.failOnSloMissed) {
    for (const s of systems) {
      if (s.status === 'removed') continue;
      if (s.latencySlo.head === false && s.latencySlo.base !== false)
        failed.push({
          gate: 'slo-missed',
          message: `${s.name}: the latency SLO is now missed (worst p95 ${s.worstP95.headText})`,
        });
      if (s.availabilitySlo.head === false && s.availabilitySlo.base !== false)
        failed.push({
          gate: 'slo-missed',
          message: `${s.name}: the availability SLO is now missed (availability ${s.availability.headText})`,
        });
    }
  }
  return failed;
}

/** Whether anything changed at all. */
export function isEmptyDiff(d: ModelDiff): boolean {
  return (
    d.components.added.length +
      d.components.removed.length +
      d.components.changed.length +
      d.edges.added.length +
      d.edges.removed.length +
      d.edges.changed.length +
      d.systems.length +
      d.requests.length +
      d.utilization.length +
      d.consistency.length +
      d.storage.length +
      d.findings.added.length +
      d.findings.resolved.length ===
    0
  );
}
