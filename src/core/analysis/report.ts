/**
 * Turning computed numbers into figures with derivations. Component and edge results are
 * objects whose figure groups are built on first read (prototype getters, memoised), so
 * analyze() itself only computes numbers; `toJSON()` materialises everything.
 */
import type { Component } from '../model.js';
import { classWeights, storeNodeLoads, type OwnService, type ServiceModel } from './component.js';
import { pathConsistency, storeConsistency } from './consistency.js';
import { bytes, figure, fin, ms, nines, none, num, pct, rps } from './figure.js';
import { isBroker, isStore, READS, WRITES, type ClassIndex, type Graph } from './graph.js';
import { CH_BYTES, CH_KNOWN, CH_READS, CH_WRITES, sameArrivals, type LoadResult } from './load.js';
import type { CallTree, RawPath } from './paths.js';
import { fanoutTail, type MMc } from './queueing.js';
import { FIGURE_READS, READ_CONSISTENCY, READ_EDGE_TREE, READ_TREE } from './reads.js';
import { mixture, quantile, type Dist } from './stats.js';
import { storageFigures } from './storage.js';
import type {
  ComponentAnalysis,
  Consistency,
  Dispatch,
  EdgeAnalysis,
  Figure,
  LatencyFigures,
  LoadFigures,
  PathAnalysis,
  QueueFigures,
  RequestAnalysis,
  StorageFigures,
  StoreFigures,
  SystemSummary,
  TrafficKind,
} from './types.js';

export const CLASS_NAMES: [TrafficKind, TrafficKind] = ['reads', 'writes'];

export interface Settings {
  targetUtilization: number;
  horizonMs: number;
  monthSeconds: number;
}

/** What the result objects need to build their figures on demand. */
export interface Context {
  g: Graph;
  load: LoadResult;
  sms: ServiceModel[];
  svc: OwnService[];
  tree: CallTree;
  settingsOf: (i: number) => Settings;
  consMemo: Map<number, Consistency | null>;
}

/** Utilisation at or above this counts as saturated (1 less rounding error). */
export const SATURATED = 1 - 1e-9;

/**
 * Loads by class, each figure built when first read (rules read the total of thousands of
 * components and edges; the sentences and the other two figures are rarely needed). `where` is
 * called at most once. JSON gives the three figures, as a plain object would.
 */
class LazyLoadFigures implements LoadFigures {
  readonly #r: number;
  readonly #w: number;
  #where: string | (() => string);
  readonly #how: string;
  #reads?: Figure;
  #writes?: Figure;
  #total?: Figure;

  constructor(r: number, w: number, where: string | (() => string), how: string) {
    this.#r = r;
    this.#w = w;
    this.#where = where;
    this.#how = how;
  }

  get #place(): string {
    const w = this.#where;
    return typeof w === 'string' ? w : (this.#where = w());
  }

  get reads(): Figure {
    const r = this.#r;
    return (this.#reads ??= figure(
      r,
      'rps',
      'λ_reads = Σ incoming reads',
      { reads: r },
      () => `${rps(r)} of reads ${this.#place}`,
    ));
  }

  get writes(): Figure {
    const w = this.#w;
    return (this.#writes ??= figure(
      w,
      'rps',
      'λ_writes = Σ incoming writes',
      { writes: w },
      () => `${rps(w)} of writes ${this.#place}`,
    ));
  }

  get total(): Figure {
    const r = this.#r;
    const w = this.#w;
    const t = r + w;
    return (this.#total ??= figure(
      t,
      'rps',
      'λ = λ_reads + λ_writes',
      { reads: r, writes: w },
      () => `${rps(r)} reads + ${rps(w)} writes = ${rps(t)} ${this.#place}${this.#how}`,
    ));
  }

  toJSON(): LoadFigures {
    return { reads: this.reads, writes: this.writes, total: this.total };
  }
}

export function loadFigures(r: number, w: number, where: string | (() => string), how: string): LoadFigures {
  return new LazyLoadFigures(r, w, where, how);
}

function queueFigures(q: MMc, what: string): QueueFigures {
  const c = q.servers;
  const lamRps = q.lambda * 1000;
  const S = q.serviceTime;
  const A = q.offered;
  const rho = q.utilization;
  const C = q.waitProbability;
  return {
    servers: figure(c, 'count', 'c', { c }, () => `${c} server(s) ${what}`),
    arrivalRps: figure(lamRps, 'rps', 'λ', { lambda: lamRps }, () => `${rps(lamRps)} arrive ${what}`),
    serviceTimeMs: figure(S, 'ms', 'S', { S }, () => `mean service time ${ms(S)}`),
    offered: figure(
      A,
      'erlangs',
      'A = λS',
      { lambda: lamRps, S },
      () => `A = λS = ${rps(lamRps)} × ${ms(S)} = ${num(A)} Erlangs`,
    ),
    utilization: figure(rho, 'fraction', 'ρ = A / c', { A, c }, () => `ρ = A / c = ${num(A)} / ${c} = ${pct(rho)}`),
    waitProbability: q.saturated
      ? figure(1, 'fraction', 'ρ ≥ 1', { rho }, () => `saturated (ρ = ${pct(rho)}): every arrival waits`)
      : figure(
          C,
          'fraction',
          'C(c, A) = B / (1 − ρ(1 − B)), B by the Erlang B recursion',
          { c, A },
          () => `Erlang C with c = ${c}, A = λS = ${num(A)} → ${num(C)}: ${pct(C)} of arrivals wait`,
        ),
    meanWaitMs: q.saturated
      ? none('ms', 'unbounded: the queue is saturated')
      : figure(
          q.meanWait,
          'ms',
          'Wq = C·S / (c(1 − ρ))',
          { C, S, c, rho },
          () => `Wq = ${num(C)} × ${ms(S)} / (${c} × (1 − ${num(rho)})) = ${ms(q.meanWait)}`,
        ),
    meanQueueLength: q.saturated
      ? none('requests', 'unbounded: the queue is saturated')
      : figure(
          q.meanQueueLength,
          'requests',
          'Lq = λ·Wq',
          { lambda: lamRps, Wq: q.meanWait },
          () => `Lq = λ Wq = ${rps(lamRps)} × ${ms(q.meanWait)} = ${num(q.meanQueueLength)} waiting on average`,
        ),
  };
}

const QUANTILES: [keyof LatencyFigures, number][] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/**
 * Latency figures of a distribution. `meanText` describes how the mean arose (computed lazily).
 */
function latencyFigures(
  d: Dist,
  meanFormula: string,
  meanText: () => string,
  inputs: Record<string, number | string | null>,
  unboundedText: string,
): LatencyFigures {
  if (d.unbounded) {
    const u = none('ms', unboundedText);
    return { mean: u, p50: u, p95: u, p99: u };
  }
  const out = { mean: figure(d.mean, 'ms', meanFormula, inputs, meanText) } as LatencyFigures;
  for (const [key, q] of QUANTILES) out[key] = quantileFigure(d, q);
  return out;
}

function quantileFigure(d: Dist, q: number): Figure {
  const v = quantile(d, q);
  const label = `p${Math.round(q * 100)}`;
  if (d.exact) {
    const x = d.exact;
    const mm1 = x.servers === 1;
    const mu = 1 / x.serviceMs;
    const theta = x.servers * mu - x.lambda;
    return figure(
      v,
      'ms',
      mm1
        ? 't = fixed + ln(1/(1−q)) / (μ − λ)'
        : 'P(T > t) = (1−C)e^(−μt) + C·P(Exp(θ) + Exp(μ) > t) = 1 − q, θ = cμ − λ',
      { q, C: x.waitProbability, mu: mu * 1000, lambda: x.lambda * 1000, c: x.servers, fixed: x.fixedMs },
      () =>
        mm1
          ? `${label} = ${x.fixedMs ? `${ms(x.fixedMs)} + ` : ''}ln(${num(1 / (1 - q))}) / (μ − λ) = ${x.fixedMs ? `${ms(x.fixedMs)} + ` : ''}${num(-Math.log(1 - q))} / (${num(mu * 1000)} − ${num(x.lambda * 1000)})/s = ${ms(v)} (M/M/1 response time is exponential)`
          : `${label} = ${ms(v)}: M/M/${x.servers} response time = wait (0 with prob ${num(1 - x.waitProbability)}, else Exp(θ = ${num(theta * 1000)}/s)) + service Exp(μ = ${num(mu * 1000)}/s)${x.fixedMs ? ` + ${ms(x.fixedMs)} fixed` : ''}, tail solved for ${pct(1 - q, 0)}`,
    );
  }
  if (d.variance > 0 && d.mean > d.floor) {
    const m = d.mean - d.floor;
    return figure(
      v,
      'ms',
      'floor + Γ(k = m²/σ², θ = σ²/m) quantile, m = mean − floor',
      { q, mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor, shape: (m * m) / d.variance },
      () =>
        `${label} = ${ms(v)}: shifted gamma fitted to mean ${ms(d.mean)}, sd ${ms(Math.sqrt(d.variance))}, floor ${ms(d.floor)}`,
    );
  }
  return figure(
    v,
    'ms',
    'deterministic: quantile = mean',
    { mean: d.mean },
    () => `${label} = ${ms(v)} (no variability)`,
  );
}

function availabilityFigure(c: Component, sm: ServiceModel, s: OwnService, a: number, readShare: number): Figure {
  const given = c.availability !== undefined;
  const base = sm.availability;
  if (sm.store) {
    const st = sm.store;
    return figure(
      a,
      'fraction',
      st.quorum
        ? 'P(≥ R of N up) for reads, P(≥ W of N up) for writes'
        : 'reads: 1 − (1 − a)^(serving nodes); writes: a (the primary)',
      { a: base, replicas: st.replicas, readShare },
      `${given ? `each node ${nines(base)}` : 'availability not given: assumed 100 %'}; reads ${nines(s.availability[READS])}, writes ${nines(s.availability[WRITES])}: ${nines(a)} for this mix`,
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
        ? `one instance: ${nines(a)}`
        : `${n} redundant instances of ${nines(base)} in parallel: 1 − (1 − ${nines(base)})^${n} = ${nines(a)}`
      : 'availability not given: assumed 100 %',
  );
}

function storeFigures(sm: ServiceModel, s: OwnService, r: number, w: number, U: number): StoreFigures {
  const st = sm.store!;
  const nodes = s.nodes!;
  const mu = sm.perInstanceRps;
  const hasCap = sm.hasCapacity && mu > 0;
  const nodeFig = (loadRps: number, q: MMc | null, label: string) => ({
    load: figure(
      loadRps,
      'rps',
      st.quorum
        ? '(reads × R + writes × W) / N / shards × skew'
        : label === 'primary'
          ? '(writes + reads on the primary) / shards × skew'
          : '(writes + reads / replicas) / shards × skew',
      { reads: r, writes: w, shards: st.shards, replicas: st.replicas, skew: st.skew },
      st.quorum
        ? `each read touches R = ${st.quorum.r}, each write W = ${st.quorum.w} of N = ${st.quorum.n} nodes: ${rps(loadRps)} per node on the hottest shard`
        : label === 'primary'
          ? `${rps(w)} writes${st.readFrom === 'primary' ? ` + ${rps(r)} reads` : st.readFrom === 'any' ? ` + ${rps(r / (st.replicas + 1))} reads (spread over ${st.replicas + 1} nodes)` : ''}${st.shards > 1 ? ` / ${st.shards} shards × skew ${st.skew}` : ''} = ${rps(loadRps)} on the primary`
          : `${rps(w)} writes replayed + ${rps(st.readFrom === 'replicas' ? r / st.replicas : r / (st.replicas + 1))} reads (${rps(r)} over ${st.readFrom === 'replicas' ? st.replicas : st.replicas + 1} nodes)${st.shards > 1 ? ` / ${st.shards} shards × skew ${st.skew}` : ''} = ${rps(loadRps)} per replica`,
    ),
    utilization: hasCap
      ? figure(
          loadRps / mu,
          'fraction',
          'U = node load / node capacity',
          { load: loadRps, capacity: mu },
          () => `${rps(loadRps)} / ${rps(mu)} = ${pct(loadRps / mu)}`,
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
      const need = Math.max(1, Math.ceil((r * per) / room - 1e-9));
      replicasNeeded = figure(
        need,
        'count',
        'R = ⌈reads × skew / shards / (U_max × μ − writes × skew / shards)⌉',
        { reads: r, writes: w, Umax: U, mu, per },
        () =>
          `each replica replays every write (${rps(w * per)}) and takes reads / R: R = ⌈${rps(r * per)} / (${pct(U, 0)} × ${rps(mu)} − ${rps(w * per)})⌉ = ${need}`,
      );
    } else {
      replicasNeeded = none(
        'count',
        `writes alone (${rps(w * per)} per node) exceed ${pct(U, 0)} of a node: more replicas cannot help, shard instead`,
      );
    }
  }
  let shardsNeeded: Figure = none('count', 'no capacity given');
  if (hasCap) {
    const unsharded = storeNodeLoads({ ...st, shards: 1 }, r, w);
    const worst = Math.max(unsharded.primary, unsharded.replica ?? 0);
    const need = Math.max(1, Math.ceil(worst / (U * mu) - 1e-9));
    shardsNeeded = figure(
      need,
      'count',
      'shards = ⌈busiest node load unsharded × skew / (U_max × μ)⌉',
      { load: worst, Umax: U, mu },
      () =>
        `the busiest node would carry ${rps(worst)} unsharded (skew ${st.skew} included); at ${pct(U, 0)} of ${rps(mu)} that takes ${need} shard(s)`,
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

export function requestFigures(g: Graph, i: number, k: ClassIndex, rate: number, tree: CallTree): RequestAnalysis {
  const c = g.comps[i]!;
  const d = tree.latency[k][i]!;
  const a = tree.availability[k][i]!;
  const cls = CLASS_NAMES[k];
  const latency = latencyFigures(
    d,
    'R = Σ over the call tree (sequential calls add, splits and hits mix, fan-out takes the max)',
    () => `${cls} from ${c.id}: mean ${ms(d.mean)} over the whole synchronous call tree`,
    { mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor },
    `unbounded: a saturated component is on the call tree of ${c.id}'s ${cls}`,
  );
  return {
    client: c.id,
    traffic: cls,
    rate: figure(rate, 'rps', 'rate × class share', { rate }, () => `${rps(rate)} of ${cls} from ${c.id}`),
    latency,
    availability: figure(
      a,
      'fraction',
      'Π own availability × calls (balancer targets in parallel)',
      { availability: a },
      () =>
        `${nines(a)} of ${c.id}'s ${cls} find every component they need up (${num((1 - a) * 525_960)} min a year down)`,
    ),
    concurrency: d.unbounded
      ? none('requests', 'unbounded: saturated')
      : figure(
          (rate * d.mean) / 1000,
          'requests',
          'N = X × R',
          { X: rate, R: d.mean },
          () => `N = ${rps(rate)} × ${ms(d.mean)} = ${num((rate * d.mean) / 1000)} in flight (Little's law)`,
        ),
  };
}

export function pathFigures(
  g: Graph,
  p: RawPath,
  own: [Dist[], Dist[]],
  consMemo: Map<number, Consistency | null>,
): PathAnalysis {
  const ids = p.hops.map((h) => g.comps[h]!.id);
  const cls = CLASS_NAMES[p.k];
  let sumP95 = 0;
  for (const h of p.hops) sumP95 += quantile(own[p.k][h]!, 0.95);
  const latency = latencyFigures(
    p.latency,
    'R = Σ hops (own + other calls) + edge latencies; fan-out takes the max',
    () => `mean ${ms(p.latency.mean)} along ${ids.join(' → ')} (including the hops' other synchronous calls)`,
    { mean: p.latency.mean, sumOfHopP95: sumP95 },
    `unbounded: a saturated component is on ${ids.join(' → ')}`,
  );
  const base = latency.p95;
  if (base.value !== null && Number.isFinite(sumP95)) {
    latency.p95 = figure(
      base.value,
      'ms',
      base.formula,
      { ...base.inputs, sumOfHopP95: sumP95 },
      () => `${base.text}; summing the hops' own p95s would give ${ms(sumP95)}`,
    );
  }
  return {
    from: ids[0]!,
    to: ids[ids.length - 1]!,
    traffic: cls,
    hops: ids,
    edges: p.edges.map((e) => g.edges[e]!.id),
    probability: figure(
      p.probability,
      'fraction',
      'Π split fractions × shares × miss ratios',
      { probability: p.probability },
      () => `${pct(p.probability)} of ${ids[0]}'s ${cls} take this whole path`,
    ),
    latency,
    availability: figure(
      p.availability,
      'fraction',
      'Π hops (own availability × their other calls)',
      { availability: p.availability },
      () => `${nines(p.availability)} along ${ids.join(' → ')}`,
    ),
    consistency: p.k === READS ? pathConsistency(g, p.hops, p.edges, consMemo) : null,
  };
}

export function summarize(
  g: Graph,
  name: string | null,
  clients: number[],
  components: ComponentAnalysis[],
  requests: RequestAnalysis[],
  basis: { load: LoadResult; util: Float64Array; rate: (i: number) => number },
  st: Settings,
  slo: { p95Ms?: number; availability?: number } | undefined,
  whole: boolean,
): SystemSummary {
  const label = name ?? 'the model';
  // components reached from these clients
  const reach = new Uint8Array(g.n);
  const stack = [...clients];
  for (const c of clients) reach[c] = 1;
  while (stack.length) {
    const u = stack.pop()!;
    for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
      const v = g.to[g.outList[j]!]!;
      if (!reach[v]) {
        reach[v] = 1;
        stack.push(v);
      }
    }
  }
  const members: number[] = [];
  for (let i = 0; i < g.n; i++) if (whole || reach[i] || g.comps[i]!.system === name) members.push(i);
  let rate = 0;
  let basisRate = 0;
  for (const c of clients) {
    const r = g.comps[c]!.rateRps;
    rate += r !== undefined && Number.isFinite(r) && r > 0 ? r : 0;
    basisRate += basis.rate(c);
  }
  const clientRate = figure(
    rate,
    'rps',
    'Σ client rates',
    { clients: clients.length },
    () => `${clients.length} client(s) send ${rps(rate)}`,
  );

  // bottleneck law
  let worst = -1;
  let worstU = 0;
  for (const i of members) {
    if (!reach[i]) continue;
    const u = basis.util[i]!;
    if (Number.isNaN(u)) continue;
    if (u > worstU || (worst < 0 && u > 0)) {
      worst = i;
      worstU = u;
    }
  }
  let maxThroughput: Figure;
  let bottleneck: string | null = null;
  if (worst < 0 || !(worstU > 0)) {
    maxThroughput = none(
      'rps',
      clients.length === 0 ? `no clients in ${label}` : `no component with a capacity carries ${label}'s traffic`,
    );
  } else {
    bottleneck = g.comps[worst]!.id;
    const xmax = worstU === Infinity ? 0 : basisRate / worstU;
    const scale = rate > 0 ? 'at the current mix' : 'at 1 rps per client, scaled';
    maxThroughput = figure(
      xmax,
      'rps',
      'X_max = X / U_bottleneck (bottleneck law: min over components of capacity / demand)',
      { X: basisRate, U: worstU, bottleneck },
      `${bottleneck} is the bottleneck (${pct(worstU)} ${scale}): all clients together can send at most ${rps(basisRate)} / ${num(worstU)} = ${rps(xmax)}${rate > 0 ? ` (${num(xmax / rate)}× today)` : ''}`,
    );
  }

  // availability and latency over the clients' requests
  const clientSet = new Set(clients);
  const mine = requests.filter((q) => clientSet.has(g.index.get(q.client)!));
  let wsum = 0;
  let asum = 0;
  let conc = 0;
  let concKnown = true;
  let worstP95: number | null = 0;
  let worstWhat = '';
  for (const q of mine) {
    const w = q.rate.value ?? 0;
    if (q.availability.value !== null) {
      asum += w * q.availability.value;
      wsum += w;
    }
    if (q.concurrency.value === null) concKnown = false;
    else conc += q.concurrency.value;
    const p = q.latency.p95.value;
    if (p === null) {
      if (worstP95 !== null) worstWhat = `${q.client} ${q.traffic}`;
      worstP95 = null;
    } else if (worstP95 !== null && p >= worstP95) {
      worstP95 = p;
      worstWhat = `${q.client} ${q.traffic}`;
    }
  }
  const avail =
    wsum > 0
      ? asum / wsum
      : mine.length
        ? mine.reduce((x, q) => x + (q.availability.value ?? 0), 0) / mine.length
        : null;
  const availability =
    avail === null
      ? none('fraction', `no client requests in ${label}`)
      : figure(
          avail,
          'fraction',
          'Σ rate × request availability / Σ rate',
          { requests: mine.length },
          () =>
            `requests of ${label} succeed ${nines(avail)} of the time (rate-weighted over ${mine.length} client request class(es))`,
        );
  const concurrency = !concKnown
    ? none('requests', 'unbounded: a saturated component is on a call tree')
    : figure(
        conc,
        'requests',
        'N = Σ X × R',
        { N: conc },
        () => `${num(conc)} requests in flight over ${label}'s clients (Little's law)`,
      );
  const worstP95Fig =
    mine.length === 0
      ? none('ms', `no client requests in ${label}`)
      : worstP95 === null
        ? none('ms', `unbounded: ${worstWhat} meets a saturated component`)
        : figure(
            worstP95,
            'ms',
            'max over client request classes of p95',
            { p95: worstP95, which: worstWhat },
            () => `worst p95: ${ms(worstP95)} (${worstWhat})`,
          );
  const meetsLatencySlo =
    slo?.p95Ms === undefined || mine.length === 0 ? null : worstP95 !== null && worstP95 <= slo.p95Ms;
  const meetsAvailabilitySlo = slo?.availability === undefined || avail === null ? null : avail >= slo.availability;
  const saturated = members.filter((i) => components[i]!.saturated).map((i) => g.comps[i]!.id);

  // storage
  let growth = 0;
  let atH = 0;
  let firstFull: { component: string; months: number } | null = null;
  let known = 0;
  for (const i of members) {
    const s = components[i]!.storage;
    if (!s) continue;
    if (s.growthPerMonth.value !== null) {
      growth += s.growthPerMonth.value;
      known++;
    }
    if (s.atHorizon.value !== null) atH += s.atHorizon.value;
    const m = s.monthsUntilFull.value;
    if (m !== null && (!firstFull || m < firstFull.months)) firstFull = { component: g.comps[i]!.id, months: m };
  }
  const storage = {
    growthPerMonth: figure(
      growth,
      'bytes/month',
      'Σ stores w × b × month',
      { stores: known },
      () => `${bytes(growth)} per month over ${known} store(s) with a known size per write`,
    ),
    atHorizon: figure(
      atH,
      'bytes',
      'Σ stores w × b × horizon',
      { horizonMs: st.horizonMs },
      () => `${bytes(atH)} written over ${ms(st.horizonMs)}`,
    ),
    horizonMs: st.horizonMs,
    firstFull,
  };
  return {
    name,
    clientRate,
    maxThroughput,
    bottleneck,
    availability,
    concurrency,
    worstP95: worstP95Fig,
    meetsLatencySlo,
    meetsAvailabilitySlo,
    saturated,
    storage,
  };
}

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
    this.notes = sm.notes;
  }

  /**
   * Whether two results (of two analyses) give the same figures, at a level: `service` (all but
   * the call tree's latency and the consistency: the component, its service model, its load,
   * its settings), `tree` (and its latency and availability with its synchronous calls),
   * `consistency` (service, and the consistency). The rule runner uses it to keep findings
   * (rules/memo.ts); false whenever it cannot tell.
   */
  static same(a: ComponentAnalysis, b: ComponentAnalysis, level: 'service' | 'tree' | 'consistency'): boolean {
    if (!(a instanceof ComponentResult) || !(b instanceof ComponentResult)) return false;
    const xa = a.#x;
    const xb = b.#x;
    const i = a.#i;
    const j = b.#i;
    if (xa.g.comps[i] !== xb.g.comps[j] || !sameArrivals(xa.load, i, xb.load, j)) return false;
    if (!sameData(xa.sms[i], xb.sms[j])) return false;
    if (!sameData(xa.settingsOf(i), xb.settingsOf(j))) return false;
    if (level === 'tree') {
      for (const k of [READS, WRITES] as ClassIndex[]) {
        if (!sameData(xa.tree.latency[k][i], xb.tree.latency[k][j])) return false;
        if (!Object.is(xa.tree.availability[k][i], xb.tree.availability[k][j])) return false;
      }
    } else if (level === 'consistency') {
      if (!sameData(storeConsistency(xa.g, i, xa.consMemo), storeConsistency(xb.g, j, xb.consMemo))) return false;
    }
    return true;
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
  get #e2eMix(): Dist {
    const [wr, ww] = classWeights(this.#r, this.#w);
    const t = this.#x.tree.latency;
    return mixture([
      { p: wr, d: t[READS][this.#i]! },
      { p: ww, d: t[WRITES][this.#i]! },
    ]);
  }
  #srcRate(): number {
    const c = this.#c;
    return c.kind === 'client' && c.rateRps !== undefined && c.rateRps > 0 && Number.isFinite(c.rateRps)
      ? c.rateRps
      : 0;
  }

  /** Reads and writes per second: what arrives, or for a client what it sends plus what arrives. */
  #loadRW(): [number, number] {
    const c = this.#c;
    if (c.kind !== 'client') return [this.#r, this.#w];
    const rf = c.readFraction === undefined ? 1 : c.readFraction;
    const src = this.#srcRate();
    const reads = src * rf;
    return [reads + this.#r, (rf === 1 ? 0 : Math.max(0, src - reads)) + this.#w];
  }

  get load(): LoadFigures {
    return this.#memo('load', () => {
      const c = this.#c;
      const [r, w] = this.#loadRW();
      return loadFigures(r, w, c.kind === 'client' ? `sent by ${c.id}` : `arrive at ${c.id}`, '');
    });
  }

  /** `load.total.value` without building the figure (rules read it for thousands of components). */
  get totalRps(): number | null {
    const [r, w] = this.#loadRW();
    return fin(r + w);
  }

  get instances(): Figure {
    return this.#memo('instances', () => {
      const sm = this.#sm;
      const c = this.#c;
      const st = sm.store;
      if (st)
        return figure(
          st.shards * (1 + st.replicas),
          'count',
          'shards × (1 + replicas)',
          { shards: st.shards, replicas: st.replicas },
          () =>
            `${st.shards} shard(s) × (1 primary + ${st.replicas} replica(s)) = ${st.shards * (1 + st.replicas)} nodes`,
        );
      return figure(sm.instances, 'count', 'n', { n: sm.instances, declared: sm.declaredInstances }, () =>
        c.instances === undefined && c.autoscale
          ? `autoscale ${c.autoscale.min}..${c.autoscale.max}: sized at the minimum, ${sm.instances}`
          : `${sm.instances} instance(s)`,
      );
    });
  }

  get capacity(): Figure {
    return this.#memo('capacity', () => {
      const { c, sm, s, total } = { c: this.#c, sm: this.#sm, s: this.#s, total: this.#total };
      const cap = s.capacity;
      if (!sm.hasCapacity)
        return none(
          'rps',
          c.kind === 'client'
            ? 'a client is a load source'
            : `no capacity or service time given for ${c.id}: load only, no utilisation`,
        );
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
              ? `each node sustains ${rps(sm.perInstanceRps)}; the ${onReplica ? 'replicas' : 'primary'} of the hottest shard saturate first, at ${rps(cap)} offered (this read/write mix)`
              : `each node sustains ${rps(sm.perInstanceRps)}; no load yet: capacity for reads only, ${rps(cap)}`,
        );
      }
      return figure(
        cap,
        'rps',
        c.capacityRps !== undefined ? 'X_max = n × capacity' : 'X_max = n / S',
        { n: sm.instances, perInstance: sm.perInstanceRps, S: sm.serviceMs },
        () =>
          `${sm.instances} instance(s) × ${c.capacityRps !== undefined ? `${rps(sm.perInstanceRps)} each` : `1 / S = 1 / ${ms(sm.serviceMs)} = ${rps(sm.perInstanceRps)} each`} = ${rps(cap)}`,
      );
    });
  }

  get capacityAtMax(): Figure {
    return this.#memo('capacityAtMax', () => {
      const sm = this.#sm;
      const maxN = sm.maxInstances;
      if (maxN === null) return none('rps', 'no autoscale');
      if (!sm.hasCapacity || sm.store) return none('rps', 'no capacity given');
      return figure(
        maxN * sm.perInstanceRps,
        'rps',
        'X_max = n_max × capacity',
        { nMax: maxN, perInstance: sm.perInstanceRps },
        () => `at the autoscale maximum, ${maxN} × ${rps(sm.perInstanceRps)} = ${rps(maxN * sm.perInstanceRps)}`,
      );
    });
  }

  get utilization(): Figure {
    return this.#memo('utilization', () => {
      const { c, sm, s, total } = { c: this.#c, sm: this.#sm, s: this.#s, total: this.#total };
      const util = s.utilization;
      if (!sm.hasCapacity)
        return none(
          'fraction',
          c.kind === 'client'
            ? 'a client is a load source'
            : `no capacity or service time given for ${c.id}: load only, no utilisation`,
        );
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
            `busiest node (${onReplica ? 'a replica' : 'the primary'} of the hottest shard) carries ${rps(busiest)} of ${rps(sm.perInstanceRps)}: ${pct(util)}`,
        );
      }
      return figure(
        util,
        'fraction',
        'U = λ / X_max',
        { lambda: total, capacity: s.capacity },
        () => `U = λ / X_max = ${rps(total)} / ${rps(s.capacity)} = ${pct(util)}`,
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
        () => `saturated: ${rps(total)} offered − ${rps(cap)} served = backlog grows by ${num(b)} requests per second`,
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
            ? `1 − ${pct(util)} = ${pct(1 - util)} (${rps(spare)} spare)`
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
          `n = ⌈${rps(total)} × ${ms(S1)} / ${pct(U, 0)}⌉ = ⌈${num(exact)}⌉ = ${need}${need > 0 ? ` (at ${need}: ${pct(total / (need * sm.perInstanceRps))})` : ''}`,
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
        this.#sm.store
          ? q === s.replicaQueue
            ? 'on a replica'
            : 'on the primary'
          : this.#sm.dispatch === 'split'
            ? 'per instance (round-robin splits arrivals evenly)'
            : 'sharing one queue',
      );
    });
  }

  get latency(): LatencyFigures {
    if (this.kind === 'client') FIGURE_READS.record?.(READ_TREE, this.id);
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
          'R = S + C·S / (c(1 − ρ)) + fixed latency',
          () =>
            `R = ${ms(q.serviceTime)} + ${num(q.waitProbability)} × ${ms(q.serviceTime)} / (${q.servers} × (1 − ${num(q.utilization)}))${sm.fixedMs ? ` + ${ms(sm.fixedMs)} fixed` : ''} = ${ms(own.mean)}`,
          { S: q.serviceTime, C: q.waitProbability, c: q.servers, rho: q.utilization, fixed: sm.fixedMs },
          unbounded,
        );
      }
      if (sm.store && sm.hasCapacity) {
        const [wr] = classWeights(this.#r, this.#w);
        return latencyFigures(
          own,
          'R = Σ class share × node response (S + C·S/(c(1 − ρ))) + fixed',
          () => `reads at their node(s), writes at the primary (reads ${pct(wr, 0)} of the mix): mean ${ms(own.mean)}`,
          { readShare: wr, fixed: sm.fixedMs },
          unbounded,
        );
      }
      return latencyFigures(
        own,
        'R = fixed latency',
        () =>
          sm.fixedMs
            ? `fixed latency ${ms(sm.fixedMs)} (no queueing modelled: no capacity given)`
            : 'no latency given and no capacity: 0 ms',
        { fixed: sm.fixedMs },
        unbounded,
      );
    });
  }

  get endToEnd(): LatencyFigures {
    FIGURE_READS.record?.(READ_TREE, this.id);
    return this.#memo('endToEnd', () => {
      const d = this.#e2eMix;
      const id = this.id;
      return latencyFigures(
        d,
        'R_e2e = own + Σ calls (shares, splits, hit ratios, fan-out)',
        () => `${ms(d.mean)} including the synchronous calls ${id} makes`,
        { mean: d.mean, sd: Math.sqrt(d.variance), floor: d.floor },
        `unbounded: a saturated component is on ${id}'s call tree`,
      );
    });
  }

  get concurrency(): Figure {
    if (this.kind === 'client') FIGURE_READS.record?.(READ_TREE, this.id);
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
        () => `N = X × R = ${rps(X)} × ${ms(d.mean)} = ${num(N)} in flight (Little's law)`,
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
    FIGURE_READS.record?.(READ_CONSISTENCY, this.id);
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
      notes: this.notes,
    };
  }
}

function busiestQueue(s: OwnService): MMc | null {
  const qp = s.primaryQueue;
  const qr = s.replicaQueue;
  return qr && qp ? (qr.utilization > qp.utilization ? qr : qp) : (qp ?? qr);
}

/** One edge's results; figures are built on first read. */
export class EdgeResult implements EdgeAnalysis {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly sync: boolean;
  readonly #x: Context;
  readonly #e: number;
  #load?: LoadFigures;
  #retry?: Figure;
  #tail?: Figure;

  constructor(x: Context, e: number) {
    const edge = x.g.edges[e]!;
    this.#x = x;
    this.#e = e;
    this.id = edge.id;
    this.from = edge.from;
    this.to = edge.to;
    this.sync = x.g.sync[READS][e] === 1 || x.g.sync[WRITES][e] === 1;
  }

  /**
   * Whether two edge results (of two analyses) give the same figures: the same edge, flows,
   * retries and fan-out, and with `tree` the callee's latency (the fan-out tail) too.
   */
  static same(a: EdgeAnalysis, b: EdgeAnalysis, tree: boolean): boolean {
    if (!(a instanceof EdgeResult) || !(b instanceof EdgeResult)) return false;
    const xa = a.#x;
    const xb = b.#x;
    const e = a.#e;
    const f = b.#e;
    const ga = xa.g;
    const gb = xb.g;
    if (ga.edges[e] !== gb.edges[f] || a.sync !== b.sync || xa.load.cut[e] !== xb.load.cut[f]) return false;
    for (let ch = 0; ch < 4; ch++) if (!Object.is(xa.load.flow[e * 4 + ch], xb.load.flow[f * 4 + ch])) return false;
    if (
      !Object.is(ga.retryFactor[e], gb.retryFactor[f]) ||
      !Object.is(ga.failProb[e], gb.failProb[f]) ||
      !Object.is(ga.fanout[e], gb.fanout[f])
    )
      return false;
    return !tree || sameData(xa.tree.latency[READS][ga.to[e]!], xb.tree.latency[READS][gb.to[f]!]);
  }

  /** `load.total.value` without building the figure. */
  get totalRps(): number | null {
    const f = this.#x.load.flow;
    return fin(f[this.#e * 4 + CH_READS]! + f[this.#e * 4 + CH_WRITES]!);
  }

  get load(): LoadFigures {
    if (!this.#load) {
      const e = this.#e;
      const f = this.#x.load.flow;
      const how = this.#x.load.cut[e] ? ' (cut: closes a divergent cycle)' : '';
      this.#load = loadFigures(
        f[e * 4 + CH_READS]!,
        f[e * 4 + CH_WRITES]!,
        () => `along ${this.from} → ${this.to}`,
        how,
      );
    }
    return this.#load;
  }

  get retryFactor(): Figure {
    if (!this.#retry) {
      const g = this.#x.g;
      const e = this.#e;
      const rf = g.retryFactor[e]!;
      const p = g.failProb[e]!;
      const retries = g.edges[e]!.retries ?? 0;
      const to = this.to;
      this.#retry = figure(rf, 'count', 'attempts = (1 − p^(r+1)) / (1 − p)', { p, r: retries }, () =>
        retries > 0
          ? `${retries} retries with failure probability p = ${num(p)} (1 − ${to}'s availability): ${Number(rf.toPrecision(6))} attempts per call on average (at most ${retries + 1})`
          : 'no retries: 1 attempt per call',
      );
    }
    return this.#retry;
  }

  get fanoutTail(): Figure {
    FIGURE_READS.record?.(READ_EDGE_TREE, this.id);
    if (!this.#tail) {
      const g = this.#x.g;
      const e = this.#e;
      const nf = g.fanout[e]!;
      const callee = this.#x.tree.latency[READS][g.to[e]!]!;
      const p99 = callee.unbounded ? null : quantile(callee, 0.99);
      const tail = fanoutTail(nf, 0.01);
      this.#tail = figure(
        tail,
        'fraction',
        'P(slow) = 1 − (1 − p)^n, p = 0.01 (slower than the callee p99)',
        { n: nf, p: 0.01, calleeP99: p99 },
        () =>
          nf > 1
            ? `${nf} parallel calls, each slower than ${p99 !== null ? ms(p99) : 'its p99'} 1 % of the time: 1 − 0.99^${nf} = ${pct(tail)} of requests wait for at least one slow call`
            : "no fan-out: 1 % of calls exceed the callee's p99",
      );
    }
    return this.#tail;
  }

  toJSON(): EdgeAnalysis {
    return {
      id: this.id,
      from: this.from,
      to: this.to,
      sync: this.sync,
      load: this.load,
      retryFactor: this.retryFactor,
      fanoutTail: this.fanoutTail,
    };
  }
}

/**
 * Deep equality of plain analysis data (numbers by Object.is, so NaN equals NaN), for the
 * small objects compared by ComponentResult.same: service models, settings, distributions,
 * consistency.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (!sameData(a[k], b[k])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
