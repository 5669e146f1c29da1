/** Availability of a component, and a store's node loads and the replicas and shards it needs, with their derivations. */
import type { Component } from '../model.js';
import { storeNodeLoads, type OwnService, type ServiceModel } from './component.js';
import { figure, none } from './figure.js';
import { READS, WRITES } from './graph.js';
import type { MMc } from './queueing.js';
import { writeAvailabilityFormula } from './store-availability.js';
import type { Figure, StoreFigures } from './types.js';
import { queueFigures } from './figures-load.js';
import * as words from '../wording.js';

export function availabilityFigure(
  c: Component,
  sm: ServiceModel,
  s: OwnService,
  a: number,
  readShare: number,
): Figure {
  const given = c.availability !== undefined;
  const base = sm.availability;
  if (sm.store) {
    const st = sm.store;
    return figure(
      a,
      'fraction',
      st.quorum
        ? 'P(≥ R of N up) for reads, P(≥ W of N up) for writes'
        : `reads: 1 − (1 − a)^(serving nodes); writes: ${writeAvailabilityFormula(st)}`,
      { a: base, replicas: st.replicas, replication: st.replication, readShare },
      `${given ? `each node ${words.availability(base)}` : 'availability not given: assumed 100 %'}; reads ${words.availability(s.availability[READS])}, writes ${words.availability(s.availability[WRITES])}: ${words.availability(a)} for this mix`,
    );
  }
  const n = sm.instances;
  return figure(
    a,
    'fraction',
    'A = 1 − (1 − a)^n',
    { a: base, n },
    given
      ? n === 1
        ? `one instance: ${words.availability(a)}`
        : `${n} redundant instances of ${words.availability(base)} in parallel: 1 − (1 − ${words.availability(base)})^${n} = ${words.availability(a)}`
      : 'availability not given: assumed 100 %',
  );
}

export function storeFigures(sm: ServiceModel, s: OwnService, r: number, w: number, U: number): StoreFigures {
  const st = sm.store!;
  const nodes = s.nodes!;
  const mu = sm.perInstanceRps;
  const hasCap = sm.hasCapacity && mu > 0;
  // reads calls send to the primary (`read-from primary`) and the rest, which the store spreads
  const led = s.ledReads;
  const rest = r - led;
  const ledWords = led > 0 ? ` + ${words.rate(led)} reads sent by read-from primary` : '';
  const nodeFig = (loadRps: number, q: MMc | null, label: string) => ({
    load: figure(
      loadRps,
      'rps',
      st.quorum
        ? '(reads × R + writes × W) / N / shards × skew'
        : label === 'primary'
          ? '(writes + reads on the primary) / shards × skew'
          : '(writes + reads / replicas) / shards × skew',
      {
        reads: r,
        writes: w,
        shards: st.shards,
        replicas: st.replicas,
        skew: st.skew,
        ...(led > 0 ? { ledReads: led } : {}),
      },
      st.quorum
        ? `each read touches R = ${st.quorum.r}, each write W = ${st.quorum.w} of N = ${st.quorum.n} nodes: ${words.rate(loadRps)} per node on the hottest shard`
        : label === 'primary'
          ? `${words.rate(w)} writes${ledWords}${st.readFrom === 'primary' ? ` + ${words.rate(r)} reads` : st.readFrom === 'any' ? ` + ${words.rate(rest / (st.replicas + 1))} reads (spread over ${st.replicas + 1} nodes)` : ''}${st.shards > 1 ? ` / ${st.shards} shards × skew ${st.skew}` : ''} = ${words.rate(loadRps)} on the primary`
          : `${words.rate(w)} writes replayed + ${words.rate(st.readFrom === 'replicas' ? rest / st.replicas : rest / (st.replicas + 1))} reads (${words.rate(rest)} over ${st.readFrom === 'replicas' ? st.replicas : st.replicas + 1} nodes${led > 0 ? `; ${words.rate(led)} more go to the primary by read-from primary` : ''})${st.shards > 1 ? ` / ${st.shards} shards × skew ${st.skew}` : ''} = ${words.rate(loadRps)} per replica`,
    ),
    utilization: hasCap
      ? figure(
          loadRps / mu,
          'fraction',
          'U = node load / node capacity',
          { load: loadRps, capacity: mu },
          () => `${words.rate(loadRps)} / ${words.rate(mu)} = ${words.percent(loadRps / mu)}`,
        )
      : none('fraction', 'no capacity given: load only'),
    queue: q ? queueFigures(q, label === 'primary' ? 'on the primary' : 'on a replica') : null,
  });
  let replicasNeeded: Figure = none(
    'count',
    st.readFrom === 'replicas'
      ? 'no capacity given'
      : `reads go to ${st.readFrom === 'quorum' ? 'a quorum' : 'the primary'}: replicas do not add read capacity here`,
  );
  if (hasCap && st.readFrom === 'replicas') {
    const per = st.skew / st.shards;
    const room = U * mu - w * per;
    if (room > 0) {
      const need = Math.max(1, Math.ceil((rest * per) / room - 1e-9));
      replicasNeeded = figure(
        need,
        'count',
        'R = ⌈reads × skew / shards / (U_max × μ − writes × skew / shards)⌉',
        { reads: rest, writes: w, Umax: U, mu, per },
        () =>
          `each replica replays every write (${words.rate(w * per)}) and takes reads / R${led > 0 ? ` (the ${words.rate(led)} sent by read-from primary go to the primary)` : ''}: R = ⌈${words.rate(rest * per)} / (${words.percent(U, 0)} × ${words.rate(mu)} − ${words.rate(w * per)})⌉ = ${need}`,
      );
    } else {
      replicasNeeded = none(
        'count',
        `writes alone (${words.rate(w * per)} per node) exceed ${words.percent(U, 0)} of a node: more replicas cannot help, shard instead`,
      );
    }
  }
  let shardsNeeded: Figure = none('count', 'no capacity given');
  if (hasCap) {
    const unsharded = storeNodeLoads({ ...st, shards: 1 }, r, w, led);
    const worst = Math.max(unsharded.primary, unsharded.replica ?? 0);
    const need = Math.max(1, Math.ceil(worst / (U * mu) - 1e-9));
    shardsNeeded = figure(
      need,
      'count',
      'shards = ⌈busiest node load unsharded × skew / (U_max × μ)⌉',
      { load: worst, Umax: U, mu },
      () =>
        `the busiest node would carry ${words.rate(worst)} unsharded (skew ${st.skew} included); at ${words.percent(U, 0)} of ${words.rate(mu)} that takes ${need} shard(s)`,
    );
  }
  return {
    shards: st.shards,
    replicas: st.replicas,
    skew: st.skew,
    readFrom: st.readFrom,
    primary: nodeFig(nodes.primary, s.primaryQueue, 'primary'),
    replica: nodes.replica === null ? null : nodeFig(nodes.replica, s.replicaQueue, 'replica'),
    replicasNeeded,
    shardsNeeded,
  };
}
