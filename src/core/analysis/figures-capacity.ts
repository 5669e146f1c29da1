/** A component's instances and capacity figures (today and at the autoscale maximum), for component-result.ts. */
import type { Component } from '../model.js';
import type { OwnService, ServiceModel } from './component.js';
import { figure, none } from './figure.js';
import type { Figure, FigureUnit } from './types.js';
import * as words from '../wording.js';

/** Instances counted (a store: its nodes). */
export function instancesFigure(c: Component, sm: ServiceModel): Figure {
  const st = sm.store;
  if (st)
    return figure(
      st.shards * (1 + st.replicas),
      'count',
      'shards × (1 + replicas)',
      { shards: st.shards, replicas: st.replicas },
      () => `${st.shards} shard(s) × (1 primary + ${st.replicas} replica(s)) = ${st.shards * (1 + st.replicas)} nodes`,
    );
  return figure(sm.instances, 'count', 'n', { n: sm.instances, declared: sm.declaredInstances }, () =>
    c.instances === undefined && c.autoscale
      ? `autoscale ${c.autoscale.min}..${c.autoscale.max}: sized at the minimum, ${sm.instances}`
      : `${sm.instances} instance(s)`,
  );
}

/** A capacity figure of a component without a capacity: a client (a load source) or load only. */
export function noCapacity(c: Component, unit: FigureUnit): Figure {
  return none(
    unit,
    c.kind === 'client'
      ? 'a client is a load source'
      : `no capacity or service time given for ${c.id}: load only, no utilisation`,
  );
}

/** The most it sustains at the current read/write mix (a store: its hottest node first). */
export function capacityFigure(c: Component, sm: ServiceModel, s: OwnService, total: number): Figure {
  const cap = s.capacity;
  if (!sm.hasCapacity) return noCapacity(c, 'rps');
  const st = sm.store;
  if (st) {
    const nodes = s.nodes!;
    const onReplica = nodes.replica !== null && nodes.replica > nodes.primary;
    return figure(
      cap,
      'rps',
      'X_max = λ / U_hottest node (at the current read/write mix)',
      { perNode: sm.perInstanceRps, shards: st.shards, replicas: st.replicas, skew: st.skew, load: total },
      () =>
        total > 0
          ? `each node sustains ${words.rate(sm.perInstanceRps)}; the ${onReplica ? 'replicas' : 'primary'} of the hottest shard saturate first, at ${words.rate(cap)} offered (this read/write mix)`
          : `each node sustains ${words.rate(sm.perInstanceRps)}; no load yet: capacity for reads only, ${words.rate(cap)}`,
    );
  }
  if (sm.dispatch === 'partitioned') {
    const P = sm.partitions;
    const own = Math.ceil(P / sm.instances);
    return figure(
      cap,
      'rps',
      'X_max = capacity / busiest share (ceil(P/n) / P)',
      { n: sm.instances, partitions: P, share: sm.busiestShare, perInstance: sm.perInstanceRps },
      () =>
        `the busiest of ${sm.instances} consumers owns ${own} of ${P} partitions (${words.percent(sm.busiestShare)} of the messages) and sustains ${words.rate(sm.perInstanceRps)}: ${words.rate(cap)}`,
    );
  }
  return figure(
    cap,
    'rps',
    c.capacityRps !== undefined ? 'X_max = n × capacity' : 'X_max = n / S',
    { n: sm.instances, perInstance: sm.perInstanceRps, S: sm.serviceMs },
    () =>
      `${sm.instances} instance(s) × ${c.capacityRps !== undefined ? `${words.rate(sm.perInstanceRps)} each` : `1 / S = 1 / ${words.duration(sm.serviceMs)} = ${words.rate(sm.perInstanceRps)} each`} = ${words.rate(cap)}`,
  );
}

/** Capacity at the autoscale maximum. */
export function capacityAtMaxFigure(sm: ServiceModel): Figure {
  const maxN = sm.maxInstances;
  if (maxN === null) return none('rps', 'no autoscale');
  if (!sm.hasCapacity || sm.store) return none('rps', 'no capacity given');
  return figure(
    maxN * sm.perInstanceRps,
    'rps',
    'X_max = n_max × capacity',
    { nMax: maxN, perInstance: sm.perInstanceRps },
    () =>
      `at the autoscale maximum, ${maxN} × ${words.rate(sm.perInstanceRps)} = ${words.rate(maxN * sm.perInstanceRps)}`,
  );
}
