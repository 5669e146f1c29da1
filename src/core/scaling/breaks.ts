/**
 * The break points that need no queue evaluated: where each component saturates (today's
 * instances, and with autoscaling at its maximum) and where autoscaling runs out, all closed form
 * from today's utilisation (loads are linear in the clients' rates); the bottleneck sequences.
 */
import type { Graph } from '../analysis/graph.js';
import { percent, plural, times } from '../wording.js';
import type { Basis } from './basis.js';
import type { BreakPoint, Bottleneck } from './types.js';

const instancesOf = (b: Basis, i: number): number => b.ctx.sms[i]!.instances;

/** "app saturates at 1.71× today's load (20 instances)". */
export function saturationText(b: Basis, i: number, m: number): string {
  const c = b.g.comps[i]!;
  const sm = b.ctx.sms[i]!;
  if (m === 0) return `${c.id} saturates at any load (no capacity)`;
  const what = sm.store ? 'its busiest node' : plural(instancesOf(b, i), 'instance');
  const note = m === b.satAt[i] && b.satNote[i] ? `; ${b.satNote[i]}` : '';
  return `${c.id} saturates at ${times(m)} today's load (${what}${note})`;
}

/** The saturation break point of component i (today's instances). */
export function saturationBreak(b: Basis, i: number): BreakPoint {
  const c = b.g.comps[i]!;
  const m = b.satAt[i]!;
  return { multiplier: m, kind: 'saturates', system: c.system, component: c.id, text: saturationText(b, i, m) };
}

/** Every component's break points (saturation, at the autoscale maximum, autoscale-max), by multiplier. */
export function componentBreaks(b: Basis): BreakPoint[] {
  const g: Graph = b.g;
  const breaks: BreakPoint[] = [];
  for (let i = 0; i < g.n; i++) {
    const c = g.comps[i]!;
    if (!Number.isFinite(b.satAt[i]!)) continue;
    breaks.push(saturationBreak(b, i));
    const mm = b.satAtMax[i]!;
    const max = b.maxInstances[i]!;
    if (max > 0) {
      if (max > instancesOf(b, i))
        breaks.push({
          multiplier: mm,
          kind: 'saturates',
          system: c.system,
          component: c.id,
          text: `${c.id} saturates at ${times(mm)} today's load with autoscaling at its maximum (${plural(max, 'instance')})`,
        });
      const am = b.autoscaleMaxAt[i]!;
      if (Number.isFinite(am))
        breaks.push({
          multiplier: am,
          kind: 'autoscale-max',
          system: c.system,
          component: c.id,
          text: `${c.id} needs more than its autoscale maximum of ${plural(max, 'instance')} beyond ${times(am)} today's load (at ${percent(b.target(i))} target utilisation)`,
        });
    }
  }
  return breaks.sort((x, y) => x.multiplier - y.multiplier);
}

/** The order in which components saturate, by a saturation multiplier per component (finite ones). */
export function bottlenecks(b: Basis, at: Float64Array): Bottleneck[] {
  let k = 0;
  const idx = new Int32Array(b.g.n);
  for (let i = 0; i < b.g.n; i++) if (Number.isFinite(at[i]!)) idx[k++] = i;
  const order = idx.subarray(0, k).sort((x, y) => at[x]! - at[y]! || x - y);
  const out: Bottleneck[] = new Array(k);
  for (let j = 0; j < k; j++) out[j] = { component: b.g.comps[order[j]!]!.id, multiplier: at[order[j]!]! };
  return out;
}

/** The member with the smallest of `at` (finite), or -1. */
export function firstOf(members: readonly number[], at: Float64Array, after = -1): number {
  let best = -1;
  for (const i of members) {
    if (i === after) continue;
    const m = at[i]!;
    if (Number.isFinite(m) && (best < 0 || m < at[best]!)) best = i;
  }
  return best;
}

/**
 * The default end of a sweep: about 1.25× the largest break point of interest (per system, the
 * first saturation with today's instances and with autoscaling at the maximum, the one after it,
 * and where autoscaling runs out), at least 2×, at most 100×.
 */
export function defaultTo(b: Basis): number {
  let largest = 0;
  const note = (m: number) => {
    if (Number.isFinite(m) && m > largest) largest = m;
  };
  for (const s of b.systems) {
    const f = firstOf(s.members, b.satAt);
    if (f >= 0) note(b.satAt[f]!);
    const a = firstOf(s.members, b.satAtMax);
    if (a >= 0) {
      note(b.satAtMax[a]!);
      const next = firstOf(s.members, b.satAtMax, a);
      if (next >= 0) note(b.satAtMax[next]!);
    }
    let am = Infinity;
    for (const i of s.members) if (b.autoscaleMaxAt[i]! < am) am = b.autoscaleMaxAt[i]!;
    note(am);
  }
  return Math.min(100, Math.max(2, roundUp(1.25 * largest)));
}

/** Rounds up to two significant digits (5.0, 4.3, 13, 110). */
function roundUp(x: number): number {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / p - 1e-9) * p;
}
