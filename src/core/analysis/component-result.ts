/** One component's results: figure groups built on first read from the analysis's numbers. */
import type { Component } from '../model.js';
import { classWeights, sentRps, type OwnService, type ServiceModel } from './component.js';
import { behindLeastConnections, LEAST_CONNECTIONS_BOUND, queueWhere } from './dispatch.js';
import { storeConsistency } from './consistency.js';
import { figure, fin, none } from './figure.js';
import { isBroker, isCache, isStore, READS, sentReadShare, WRITES } from './graph.js';
import { CH_BYTES, CH_KNOWN, CH_READS, CH_WRITES } from './load.js';
import { mixture, type Dist } from './stats.js';
import { storageFigures } from './storage.js';
import type {
  ComponentAnalysis,
  Consistency,
  Dispatch,
  ScheduleFigures,
  StoreConnectionFigures,
  Figure,
  LatencyFigures,
  LoadFigures,
  QueueFigures,
  StorageFigures,
  StoreFigures,
} from './types.js';
import { Context, SATURATED } from './result-context.js';
import { busiestQueue, loadFigures, queueFigures } from './figures-load.js';
import { latencyFigures } from './figures-latency.js';
import { availabilityFigure, storeFigures } from './figures-store.js';
import { capacityAtMaxFigure, capacityFigure, instancesFigure, noCapacity } from './figures-capacity.js';
import { scheduledLoadFigure, scheduledRate, scheduleFigures } from './schedule.js';
import { storeConnectionFigures } from './connections.js';
import { loadNonLinearity } from './timeouts.js';
import * as words from '../wording.js';

/** One component's results; figure groups are built on first read. */
export class ComponentResult implements ComponentAnalysis {
  readonly id: string;
  readonly name: string;
  readonly kind: ComponentAnalysis['kind'];
  readonly system: string;
  readonly hasCapacity: boolean;
  readonly saturated: boolean;
  readonly dispatch: Dispatch;
  readonly notes: string[];
  readonly #x: Context;
  readonly #i: number;
  readonly #r: number;
  readonly #w: number;
  #cache: Partial<Record<keyof ComponentAnalysis, unknown>> | null = null;

  constructor(x: Context, i: number) {
    const c = x.g.comps[i]!;
    const sm = x.sms[i]!;
    const s = x.svc[i]!;
    this.#x = x;
    this.#i = i;
    this.#r = x.load.arr[i * 4 + CH_READS]!;
    this.#w = x.load.arr[i * 4 + CH_WRITES]!;
    this.id = c.id;
    this.name = c.name;
    this.kind = c.kind;
    this.system = c.system;
    this.hasCapacity = sm.hasCapacity;
    this.saturated = sm.hasCapacity && this.#r + this.#w > 0 && s.utilization >= SATURATED;
    this.dispatch = sm.dispatch;
    // a source's mix depends on its edges, not on what a service model is reused by: said here
    this.notes =
      (c.kind === 'client' || scheduledRate(c) > 0) && c.readFraction === undefined
        ? [
            sentReadShare(x.g, i) === 0
              ? 'no read/write mix given: it calls only with writes edges, so all requests count as writes'
              : 'no read/write mix given: all requests count as reads',
            ...sm.notes,
          ]
        : sm.notes;
  }

  /** The analysis's numbers behind a result and its index there (for comparing two analyses: compare.ts). */
  static internals(r: ComponentAnalysis): { x: Context; i: number } | undefined {
    return r instanceof ComponentResult ? { x: r.#x, i: r.#i } : undefined;
  }

  #memo<K extends keyof ComponentAnalysis>(key: K, make: () => ComponentAnalysis[K]): ComponentAnalysis[K] {
    const cache = (this.#cache ??= {});
    if (key in cache) return cache[key] as ComponentAnalysis[K];
    const v = make();
    cache[key] = v;
    return v;
  }

  get #c(): Component {
    return this.#x.g.comps[this.#i]!;
  }
  get #sm(): ServiceModel {
    return this.#x.sms[this.#i]!;
  }
  get #s(): OwnService {
    return this.#x.svc[this.#i]!;
  }
  get #total(): number {
    return this.#r + this.#w;
  }
  get #U(): number {
    return this.#x.settingsOf(this.#i).targetUtilization;
  }
  get #ownMix(): Dist {
    const s = this.#s;
    if (s.own[READS] === s.own[WRITES]) return s.own[READS];
    const [wr, ww] = classWeights(this.#r, this.#w);
    return mixture([
      { p: wr, d: s.own[READS] },
      { p: ww, d: s.own[WRITES] },
    ]);
  }
  /** End to end over both classes, weighed by what arrives (for a client: what it sends, too). */
  get #e2eMix(): Dist {
    const [wr, ww] = classWeights(...this.#loadRW());
    const t = this.#x.tree.latency;
    return mixture([
      { p: wr, d: t[READS][this.#i]! },
      { p: ww, d: t[WRITES][this.#i]! },
    ]);
  }
  #srcRate(): number {
    const c = this.#c;
    return c.kind === 'client' ? sentRps(c) : scheduledRate(c);
  }

  /**
   * Reads and writes per second: what arrives, or for a client (and a scheduled job, while it
   * runs) what it sends plus what arrives.
   */
  #loadRW(): [number, number] {
    const c = this.#c;
    if (c.kind !== 'client' && !(scheduledRate(c) > 0)) return [this.#r, this.#w];
    const rf = sentReadShare(this.#x.g, this.#i);
    const src = this.#srcRate();
    const reads = src * rf;
    return [reads + this.#r, (rf === 1 ? 0 : Math.max(0, src - reads)) + this.#w];
  }

  get load(): LoadFigures {
    return this.#memo('load', () => {
      const c = this.#c;
      const [r, w] = this.#loadRW();
      const by =
        c.kind === 'client'
          ? `sent by ${c.id}`
          : this.#srcRate() > 0
            ? `sent by ${c.id} while it runs`
            : `arrive at ${c.id}`;
      return loadFigures(r, w, by, '');
    });
  }

  /** `load.total.value` without building the figure (rules read it for thousands of components). */
  get totalRps(): number | null {
    const [r, w] = this.#loadRW();
    return fin(r + w);
  }

  get instances(): Figure {
    return this.#memo('instances', () => instancesFigure(this.#c, this.#sm));
  }

  get capacity(): Figure {
    return this.#memo('capacity', () => capacityFigure(this.#c, this.#sm, this.#s, this.#total));
  }

  get capacityAtMax(): Figure {
    return this.#memo('capacityAtMax', () => capacityAtMaxFigure(this.#sm));
  }

  get utilization(): Figure {
    return this.#memo('utilization', () => {
      const { c, sm, s, total } = { c: this.#c, sm: this.#sm, s: this.#s, total: this.#total };
      const util = s.utilization;
      if (!sm.hasCapacity) return noCapacity(c, 'fraction');
      if (sm.store) {
        const nodes = s.nodes!;
        const busiest = Math.max(nodes.primary, nodes.replica ?? 0);
        const onReplica = nodes.replica !== null && nodes.replica > nodes.primary;
        return figure(
          util,
          'fraction',
          'U = load on the busiest node / node capacity',
          { busiest, perNode: sm.perInstanceRps },
          () =>
            `busiest node (${onReplica ? 'a replica' : 'the primary'} of the hottest shard) carries ${words.rate(busiest)} of ${words.rate(sm.perInstanceRps)}: ${words.percent(util)}`,
        );
      }
      return figure(
        util,
        'fraction',
        'U = λ / X_max',
        { lambda: total, capacity: s.capacity },
        () => `U = λ / X_max = ${words.rate(total)} / ${words.rate(s.capacity)} = ${words.percent(util)}`,
      );
    });
  }

  get saturationMultiplier(): Figure {
    return this.#memo('saturationMultiplier', () => {
      const c = this.#c;
      const util = this.#s.utilization;
      if (!this.hasCapacity)
        return none('multiplier', c.kind === 'client' ? 'a client is a load source' : 'no capacity given');
      if (!(util > 0)) return none('multiplier', `no load reaches ${c.id}: no growth of today's load saturates it`);
      const nl = loadNonLinearity(this.#x.g);
      if (nl?.affected[this.#i])
        return none(
          'multiplier',
          `retries behind timeouts${nl.jobs.length ? ', or a scheduled job,' : ''} make the load on ${c.id} grow faster (or slower) than the clients' rates: its break point is the load sweep's (\`archscale sweep\`, the Scaling view), not 1 / ${words.percent(util)}`,
        );
      const m = 1 / util;
      const where = this.#sm.store ? ' at its busiest node' : '';
      return figure(m, 'multiplier', "M = 1 / U (loads grow in proportion to the clients' rates)", { U: util }, () =>
        m < 1
          ? `${c.id} is saturated today (${words.percent(util)}${where}): the load must shrink to ${words.times(m)} to fit`
          : `1 / ${words.percent(util)}${where} = ${words.times(m)}: every client's rate can grow ${words.times(m)} before ${c.id} saturates`,
      );
    });
  }

  get backlogGrowth(): Figure {
    return this.#memo('backlogGrowth', () => {
      const total = this.#total;
      const cap = this.#s.capacity;
      if (!this.hasCapacity) return none('rps', 'no capacity given');
      if (!this.saturated)
        return figure(0, 'rps', 'λ < X_max', { lambda: total, capacity: cap }, 'not saturated: no backlog');
      const b = Math.max(0, total - cap);
      return figure(
        b,
        'rps',
        'backlog growth = λ − X_max',
        { lambda: total, capacity: cap },
        () =>
          `saturated: ${words.rate(total)} offered − ${words.rate(cap)} served = backlog grows by ${words.count(b)} requests per second`,
      );
    });
  }

  get headroom(): Figure {
    return this.#memo('headroom', () => {
      if (!this.hasCapacity) return none('fraction', 'no capacity given');
      const util = this.#s.utilization;
      const spare = this.#s.capacity - this.#total;
      return figure(
        Number.isFinite(util) ? 1 - util : null,
        'fraction',
        'headroom = 1 − U',
        { U: util, spareRps: spare },
        () =>
          Number.isFinite(util)
            ? `1 − ${words.percent(util)} = ${words.percent(1 - util)} (${words.rate(spare)} spare)`
            : 'no capacity: all load is backlog',
      );
    });
  }

  get instancesNeeded(): Figure {
    return this.#memo('instancesNeeded', () => {
      const sm = this.#sm;
      if (!sm.hasCapacity || sm.store || !(sm.perInstanceRps > 0))
        return none(
          'count',
          sm.store ? 'a store: see store.replicasNeeded and store.shardsNeeded' : 'no capacity given',
        );
      const total = this.#total;
      const U = this.#U;
      const S1 = 1000 / sm.perInstanceRps; // service demand of one request on one instance, ms
      const exact = (total * S1) / 1000 / U;
      const need = Math.ceil(exact - 1e-9);
      return figure(
        need,
        'count',
        'n = ⌈λ × S / U_max⌉',
        { lambda: total, S: S1, Umax: U },
        () =>
          `n = ⌈${words.rate(total)} × ${words.duration(S1)} / ${words.percent(U, 0)}⌉ = ⌈${words.count(exact)}⌉ = ${need}${need > 0 ? ` (at ${need}: ${words.percent(total / (need * sm.perInstanceRps))})` : ''}`,
      );
    });
  }

  get queue(): QueueFigures | null {
    return this.#memo('queue', () => {
      const s = this.#s;
      const q = busiestQueue(s);
      if (!q) return null;
      return queueFigures(
        q,
        this.#sm.store ? (q === s.replicaQueue ? 'on a replica' : 'on the primary') : queueWhere(this.#sm),
      );
    });
  }

  get latency(): LatencyFigures {
    return this.#memo('latency', () => {
      const c = this.#c;
      const sm = this.#sm;
      if (c.kind === 'client') return this.endToEnd;
      const own = this.#ownMix;
      const unbounded = `unbounded: ${c.id} is saturated, its queue grows without limit`;
      const q = busiestQueue(this.#s);
      if (q && !q.saturated && !sm.store) {
        return latencyFigures(
          own,
          'R = S + Wq + fixed latency (Wq: see the queue)',
          () =>
            `R = ${words.duration(q.serviceTime)} + ${words.duration(q.meanWait)} wait${sm.fixedMs ? ` + ${words.duration(sm.fixedMs)} fixed` : ''} = ${words.duration(own.mean)}${sm.dispatch === 'partitioned' ? ' (a message, over consumers of more and fewer partitions)' : ''}${sm.dispatch === 'shared' && sm.instances > 1 && behindLeastConnections(this.#x.g, this.#i) ? ` (${LEAST_CONNECTIONS_BOUND})` : ''}`,
          {
            S: q.serviceTime,
            Wq: q.meanWait,
            C: q.waitProbability,
            c: q.servers,
            rho: q.utilization,
            fixed: sm.fixedMs,
          },
          unbounded,
        );
      }
      if (sm.store && sm.hasCapacity) {
        const [wr] = classWeights(this.#r, this.#w);
        return latencyFigures(
          own,
          'R = Σ class share × node response (S + C·S/(c(1 − ρ))) + fixed',
          () =>
            `reads at their node(s), writes at the primary (reads ${words.percent(wr, 0)} of the mix): mean ${words.duration(own.mean)}${sm.store?.quorum ? ' (a quorum: its nodes taken as independent, though one request reaches them together; the simulation is up to 12 % faster on the mean, 15 % at p50–p99)' : ''}`,
          { readShare: wr, fixed: sm.fixedMs },
          unbounded,
        );
      }
      return latencyFigures(
        own,
        'R = fixed latency',
        () =>
          sm.fixedMs
            ? `fixed latency ${words.duration(sm.fixedMs)} (no queueing modelled: no capacity given)`
            : 'no latency given and no capacity: 0 ms',
        { fixed: sm.fixedMs },
        unbounded,
      );
    });
  }

  get endToEnd(): LatencyFigures {
    return this.#memo('endToEnd', () => {
      const d = this.#e2eMix;
      const id = this.id;
      return latencyFigures(
        d,
        'R_e2e = own + Σ calls (shares, splits, hit ratios, fan-out)',
        () => `${words.duration(d.mean)} including the synchronous calls ${id} makes`,
        { mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor },
        `unbounded: a saturated component is on ${id}'s call tree`,
      );
    });
  }

  get concurrency(): Figure {
    return this.#memo('concurrency', () => {
      const isClient = this.kind === 'client';
      const d = isClient ? this.#e2eMix : this.#ownMix;
      if (d.unbounded || this.saturated) return none('requests', 'unbounded: saturated, requests pile up');
      const X = isClient ? this.#srcRate() : this.#total;
      const N = (X * d.mean) / 1000;
      return figure(
        N,
        'requests',
        'N = X × R',
        { X, R: d.mean },
        () => `N = X × R = ${words.rate(X)} × ${words.duration(d.mean)} = ${words.count(N)} in flight (Little's law)`,
      );
    });
  }

  get availability(): Figure {
    return this.#memo('availability', () => {
      const s = this.#s;
      const [wr, ww] = classWeights(this.#r, this.#w);
      const a = wr * s.availability[READS] + ww * s.availability[WRITES];
      return availabilityFigure(this.#c, this.#sm, s, a, wr);
    });
  }

  get store(): StoreFigures | null {
    return this.#memo('store', () =>
      this.#sm.store ? storeFigures(this.#sm, this.#s, this.#r, this.#w, this.#U) : null,
    );
  }

  get consistency(): Consistency | null {
    return this.#memo('consistency', () => storeConsistency(this.#x.g, this.#i, this.#x.consMemo));
  }

  get storage(): StorageFigures | null {
    return this.#memo('storage', () => {
      const c = this.#c;
      const broker = isBroker(c.kind) && (c.storagePerNodeBytes !== undefined || c.retentionMs !== undefined);
      if (!isStore(c.kind) && !broker) return null;
      const st = this.#x.settingsOf(this.#i);
      const arr = this.#x.load.arr;
      // a queue or stream keeps every message it receives
      return storageFigures(
        c,
        broker ? this.#r + this.#w : this.#w,
        arr[this.#i * 4 + CH_BYTES]!,
        arr[this.#i * 4 + CH_KNOWN]!,
        st.monthSeconds,
        st.horizonMs,
      );
    });
  }

  get schedule(): ScheduleFigures | null {
    return this.#memo('schedule', () => scheduleFigures(this.#c));
  }
  get connections(): StoreConnectionFigures | null {
    const c = this.#c;
    if (!isStore(c.kind) && !isCache(c.kind)) return null;
    return this.#memo('connections', () =>
      storeConnectionFigures(this.#x, this.#i, scheduledLoadFigure(this.#x, this.#i)),
    );
  }

  toJSON(): ComponentAnalysis {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      system: this.system,
      load: this.load,
      hasCapacity: this.hasCapacity,
      instances: this.instances,
      capacity: this.capacity,
      capacityAtMax: this.capacityAtMax,
      utilization: this.utilization,
      saturationMultiplier: this.saturationMultiplier,
      saturated: this.saturated,
      backlogGrowth: this.backlogGrowth,
      headroom: this.headroom,
      instancesNeeded: this.instancesNeeded,
      dispatch: this.dispatch,
      queue: this.queue,
      latency: this.latency,
      endToEnd: this.endToEnd,
      concurrency: this.concurrency,
      availability: this.availability,
      store: this.store,
      consistency: this.consistency,
      storage: this.storage,
      schedule: this.schedule,
      connections: this.connections,
      notes: this.notes,
    };
  }
}
