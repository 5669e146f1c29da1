/**
 * Scaling efficiency, the notes' "performance grows in proportion to the resources added" as a
 * figure: per system, the largest load multiplier the system carries as its bottleneck gets more
 * instances (each count's saturation multiplier, from the bottleneck's own queue model: linear for
 * an even split, flat once partitions cap the consumers), until the next component caps it.
 * Where the bottleneck's load is not linear (nonlinear.ts: retries behind timeouts, jobs), each
 * count's saturation is searched over fresh analyses of the model with that count, at fewer points.
 */
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { count, plural, times } from '../wording.js';
import { basisOf, utilizationWith, type Basis } from './basis.js';
import { firstOf } from './breaks.js';
import { firstCrossing, ScaledAnalyses, scaledModel } from './nonlinear.js';
import type { Efficiency } from './types.js';

/** At most this many points per curve (instance counts are spread evenly beyond it). */
const MAX_POINTS = 100;
/** Instances tried when nothing else caps the bottleneck: up to this many times today's. */
const UNCAPPED_FACTOR = 4;
/** At most this many points where each is a search over fresh analyses. */
const MAX_SEARCHED = 12;

export function efficiency(model: Model, analysis: Analysis): Efficiency[] {
  const b = basisOf(model, analysis);
  return b.systems.map((s) => systemEfficiency(b, s.name, s.members));
}

/** The multiplier at which component i saturates with n instances, over fresh analyses (loads not linear). */
function searchedWith(b: Basis, i: number, n: number, guess: number): number {
  const id = b.g.comps[i]!.id;
  const model = {
    ...b.model,
    components: b.model.components.map((c) => (c.id === id ? { ...c, instances: n } : c)),
  };
  const x = new ScaledAnalyses((m) => scaledModel(model, m), b.scaled!.analysis(1));
  const cap = (Number.isFinite(guess) ? guess : 1) * 1024;
  return firstCrossing((m) => x.loadsAt(m).svc[i]!.utilization - 1, guess, cap);
}

function systemEfficiency(b: Basis, system: string, members: readonly number[]): Efficiency {
  const g = b.g;
  const first = firstOf(members, b.satAt);
  if (first < 0) return { system, bottleneck: null, points: [], cap: null, text: `nothing in ${system} saturates` };
  const id = g.comps[first]!.id;
  const sm = b.ctx.sms[first]!;
  const today = b.satAt[first]!;
  const next = firstOf(members, b.satAt, first);
  const capM = next >= 0 ? b.satAt[next]! : Infinity;
  const capId = next >= 0 ? g.comps[next]!.id : null;
  const n0 = sm.instances;
  if (sm.store || n0 < 1 || today === 0) {
    const why = sm.store ? 'a store scales by its replicas and shards, not instances' : 'it has no capacity';
    return {
      system,
      bottleneck: id,
      points: [{ instances: n0, maxMultiplier: today, limitedBy: id }],
      cap: { multiplier: today, component: id },
      text: sm.store
        ? `${id} caps ${system} at ${times(today)}: ${why}`
        : `${id} has no capacity: ${system} carries no load`,
    };
  }
  const searched = b.scaled !== null && b.nonLinear!.affected[first] === 1;
  const memo = new Map<number, number>();
  const satWith = (n: number) => {
    let m = memo.get(n);
    if (m === undefined) {
      const u = utilizationWith(b.ctx, first, n);
      const linear = u > 0 ? 1 / u : Infinity;
      // searched: from today's searched multiplier scaled as the closed form scales it
      m = !searched ? linear : n === n0 ? today : searchedWith(b, first, n, today * linear * b.u1[first]!);
      memo.set(n, m);
    }
    return m;
  };
  // instances where the bottleneck stops being one: linear guess, then checked by its own model;
  // consumers of P partitions: more than P get no work
  const limit = sm.dispatch === 'partitioned' && sm.partitions > 0 ? Math.max(n0, sm.partitions) : Infinity;
  const guess = Number.isFinite(capM) ? Math.ceil(n0 * (capM / today) - 1e-9) : n0 * UNCAPPED_FACTOR;
  const last = Math.max(n0, Math.min(guess, limit, 1_000_000));
  const stride = Math.max(1, Math.ceil((last - n0) / ((searched ? MAX_SEARCHED : MAX_POINTS) - 1)));
  const points: Efficiency['points'] = [];
  for (let n = n0; ; n = Math.min(last, n + stride)) {
    const m = satWith(n);
    points.push({ instances: n, maxMultiplier: Math.min(m, capM), limitedBy: m < capM ? id : capId! });
    if (n >= last || m >= capM) break;
  }
  const stopped = points[points.length - 1]!;
  const flatAt = stopped.instances >= limit && stopped.limitedBy === id ? stopped.instances : -1;
  const end = points[points.length - 1]!;
  const linear =
    Math.abs(satWith(end.instances) / today / (end.instances / n0) - 1) < 0.01 ||
    (end.limitedBy !== id && Math.abs(end.maxMultiplier / today / (end.instances / n0) - 1) < 0.05);
  const max = b.maxInstances[first]!;
  const autoscale =
    max > 0 && max < end.instances ? ` (autoscale maximum ${count(max)}: ${times(b.satAtMax[first]!)})` : '';
  if (flatAt >= 0) {
    const m = stopped.maxMultiplier;
    return {
      system,
      bottleneck: id,
      points,
      cap: { multiplier: m, component: id },
      text: `adding instances to ${id} stops helping at ${plural(flatAt, 'instance')} (${times(m)}): more would get no work${sm.partitions > 0 ? ` (${plural(sm.partitions, 'partition')})` : ''}`,
    };
  }
  if (capId === null)
    return {
      system,
      bottleneck: id,
      points,
      cap: null,
      text: `adding instances to ${id} scales ${linear ? 'linearly ' : ''}to ${times(end.maxMultiplier)} at ${plural(end.instances, 'instance')}, and nothing else in ${system} saturates`,
    };
  return {
    system,
    bottleneck: id,
    points,
    cap: { multiplier: capM, component: capId },
    text: `adding instances to ${id} scales ${linear ? 'linearly ' : ''}to ${times(capM)} at ${plural(end.instances, 'instance')}${autoscale}; then ${capId} caps it`,
  };
}
