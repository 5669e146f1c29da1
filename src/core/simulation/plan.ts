/**
 * The model compiled for the simulation: the analysis's graph (`buildGraph`: what each edge
 * carries, its split or share, whether the caller waits, the share passed on) and, per component,
 * its server groups. Each instance of a pool is its own group of k servers with its own FIFO
 * (`serviceModel`'s instances, `instanceService`'s servers and service time); a store has one
 * group per node (per shard: the primary and its replicas, or the n nodes of a quorum); the
 * consumers of a queue or stream without partitions compete for one shared FIFO (one group of
 * instances x k servers).
 */
import { KINDS } from '../kinds.js';
import type { Model } from '../model.js';
import { isBroker, isSplitter, buildGraph, sentReadShare, stronglyConnected, type Graph } from '../analysis/graph.js';
import { sentRps, serviceModel } from '../analysis/component.js';
import { regionLatency } from '../analysis/regions.js';
import { compileCalls, type CallPlan } from './calls-plan.js';

export const ALG_NONE = -1;
export const ALG_TURN = 0;
export const ALG_LEAST = 1;
export const ALG_HASH = 2;
export const ALG_RANDOM = 3;

export const RF_PRIMARY = 0;
export const RF_REPLICAS = 1;
export const RF_ANY = 2;
/** Each user's reads to one replica (its hash). */
export const RF_STICKY = 3;

export const REPL_ASYNC = 0;
export const REPL_SEMI = 1;
export const REPL_SYNC = 2;

/** Bounds that keep memory and time finite on absurd models (each use is noted). */
const MAX_GROUPS = 65_536;
/** Server groups over the whole model (about 40 bytes each): the per-component bound shrinks for large models. */
const TOTAL_GROUPS = 4_000_000;
const MAX_FANOUT = 10_000;
const MAX_RETRIES = 100;

export interface Plan {
  g: Graph;
  n: number;
  m: number;
  // per component
  hasCap: Uint8Array;
  serviceMs: Float64Array;
  cv: Float64Array;
  fixedMs: Float64Array;
  /** Probability that one instance or node is down. */
  down: Float64Array;
  /** Probability that all instances of a shared consumer group are down. */
  allDown: Float64Array;
  groupStart: Int32Array;
  shared: Uint8Array;
  store: Uint8Array;
  shards: Int32Array;
  nodesPerShard: Int32Array;
  /** Probability that a request goes to shard 0 (the hottest). */
  hot: Float64Array;
  replicas: Int32Array;
  readFrom: Int8Array;
  replication: Int8Array;
  quorum: Uint8Array;
  qR: Int32Array;
  qW: Int32Array;
  splitter: Uint8Array;
  /** A load balancer or DNS: health checks route around a target whose instances are all down. */
  balancer: Uint8Array;
  client: Uint8Array;
  alg: Int8Array;
  partitions: Int32Array;
  // per edge
  edgeLat: Float64Array;
  retries: Int32Array;
  fanInt: Int32Array;
  fanFrac: Float64Array;
  /** The edge closes a cycle of the graph (both ends in one strongly connected component): check the request's stack. */
  inCycle: Uint8Array;
  // per group
  groups: number;
  groupComp: Int32Array;
  groupServers: Int32Array;
  /** Most groups of one component (scratch size). */
  maxGroups: number;
  // clients
  clients: Int32Array;
  /** Per client slot: rate per ms and read share. */
  clientRate: Float64Array;
  clientReads: Float64Array;
  /** Per component: its client slot, or -1. */
  clientSlot: Int32Array;
  /** Per client slot: end-to-end timeout, ms (the client's own, else its system SLO's; 0: none). */
  clientTimeout: Float64Array;
  /** Per client slot: a scheduled job (a source outside the request statistics the SLO uses). */
  clientScheduled: Uint8Array;
  /** Timeouts, retries, breakers, pools, parallel groups per edge. */
  calls: CallPlan;
  notes: string[];
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** A scheduled job (`schedule every … run …`, both positive), as the analysis reads it. */
function scheduled(c: Model['components'][number]): boolean {
  const s = c.schedule;
  return !!s && finite(s.everyMs) && finite(s.runMs) && s.everyMs > 0 && s.runMs > 0;
}

export function compile(model: Model): Plan {
  const g = buildGraph(model);
  const n = g.n;
  const m = g.edges.length;
  const notes: string[] = [];
  const hasCap = new Uint8Array(n);
  const serviceMs = new Float64Array(n);
  const cv = new Float64Array(n).fill(1);
  const fixedMs = new Float64Array(n);
  const down = new Float64Array(n);
  const allDown = new Float64Array(n);
  const groupStart = new Int32Array(n + 1);
  const shared = new Uint8Array(n);
  const store = new Uint8Array(n);
  const shards = new Int32Array(n).fill(1);
  const nodesPerShard = new Int32Array(n).fill(1);
  const hot = new Float64Array(n).fill(1);
  const replicas = new Int32Array(n);
  const readFrom = new Int8Array(n);
  const replication = new Int8Array(n);
  const quorum = new Uint8Array(n);
  const qR = new Int32Array(n);
  const qW = new Int32Array(n);
  const splitter = new Uint8Array(n);
  const balancer = new Uint8Array(n);
  const client = new Uint8Array(n);
  const alg = new Int8Array(n).fill(ALG_NONE);
  const partitions = new Int32Array(n);
  const servers: number[] = [];
  const groupComp: number[] = [];
  const clients: number[] = [];
  const clientRate: number[] = [];
  const clientReads: number[] = [];
  const clientSlot = new Int32Array(n).fill(-1);
  const clientTimeout: number[] = [];
  const clientScheduled: number[] = [];
  const sloTimeout = new Map(model.systems.map((s) => [s.name, s.slo?.timeoutMs]));
  let maxGroups = 1;
  const cap = Math.max(16, Math.min(MAX_GROUPS, Math.floor(TOTAL_GROUPS / Math.max(1, n))));

  for (let i = 0; i < n; i++) {
    const c = g.comps[i]!;
    if (isBroker(c.kind) && finite(c.partitions) && c.partitions >= 1)
      partitions[i] = Math.min(1 << 30, Math.floor(c.partitions));
  }
  for (let i = 0; i < n; i++) {
    const c = g.comps[i]!;
    const sm = serviceModel(g, i);
    hasCap[i] = sm.hasCapacity ? 1 : 0;
    serviceMs[i] = sm.serviceMs;
    const given = (c as { serviceCv?: number }).serviceCv;
    if (typeof given === 'number' && Number.isFinite(given) && given >= 0) cv[i] = given;
    fixedMs[i] = sm.fixedMs;
    down[i] = 1 - sm.availability;
    splitter[i] = isSplitter(c.kind) ? 1 : 0;
    balancer[i] = c.kind === 'loadbalancer' || c.kind === 'dns' ? 1 : 0;
    if (c.kind === 'loadbalancer') {
      const a = c.algorithm;
      alg[i] =
        a === 'least-connections'
          ? ALG_LEAST
          : a === 'ip-hash' || a === 'sticky'
            ? ALG_HASH
            : a === 'random'
              ? ALG_RANDOM
              : ALG_TURN;
    }
    // a capacity of 0 (or one too small to model) is a group that never serves
    const k = sm.hasCapacity ? (sm.perInstanceRps > 0 && sm.serviceMs > 0 ? sm.serversPerInstance : 0) : 1;
    let count: number;
    let perGroup = k;
    if (sm.store) {
      const s = sm.store;
      store[i] = 1;
      const nodes = s.quorum ? Math.max(1, Math.floor(s.quorum.n)) : s.replicas + 1;
      let sh = s.shards;
      if (sh * nodes > cap) {
        sh = Math.max(1, Math.floor(cap / nodes));
        notes.push(`${c.id}: ${s.shards} shards simulated as ${sh}`);
      }
      const nd = Math.min(nodes, cap);
      if (nd < nodes) notes.push(`${c.id}: ${nodes} nodes per shard simulated as ${nd}`);
      shards[i] = sh;
      nodesPerShard[i] = nd;
      hot[i] = sh > 1 ? Math.min(1, Math.min(s.skew, sh) / sh) : 1;
      replicas[i] = s.quorum ? 0 : nd - 1;
      readFrom[i] =
        c.readFrom === 'sticky' && s.replicas > 0 && !s.quorum
          ? RF_STICKY
          : s.readFrom === 'replicas'
            ? RF_REPLICAS
            : s.readFrom === 'any'
              ? RF_ANY
              : RF_PRIMARY;
      replication[i] = s.replication === 'semi-sync' ? REPL_SEMI : s.replication === 'sync' ? REPL_SYNC : REPL_ASYNC;
      if (s.quorum) {
        quorum[i] = 1;
        qR[i] = Math.max(1, Math.min(nd, Math.floor(s.quorum.r) || 1));
        qW[i] = Math.max(1, Math.min(nd, Math.floor(s.quorum.w) || 1));
      }
      count = sh * nd;
    } else {
      let inst = sm.instances;
      if (inst > cap) {
        notes.push(`${c.id}: ${inst} instances simulated as ${cap}`);
        inst = cap;
      }
      count = inst;
      // competing consumers: every source an unpartitioned broker
      const a = g.inStart[i]!;
      const b = g.inStart[i + 1]!;
      let competing = b > a && inst > 1;
      for (let j = a; j < b && competing; j++) {
        const u = g.from[g.inList[j]!]!;
        if (!isBroker(g.comps[u]!.kind) || partitions[u]! > 0) competing = false;
      }
      // every instance down at once (a balancer then routes to another target)
      allDown[i] = Math.pow(down[i]!, inst);
      if (competing) {
        shared[i] = 1;
        perGroup = k * inst;
        count = 1;
      }
    }
    const job = scheduled(c);
    if (KINDS[c.kind].sendsLoad || job) {
      client[i] = 1;
      clientSlot[i] = clients.length;
      clients.push(i);
      // a scheduled job sends its rate all the time: the simulated time lies inside its window
      clientRate.push((job ? (finite(c.rateRps) && c.rateRps > 0 ? c.rateRps : 0) : sentRps(c)) / 1000);
      clientScheduled.push(job ? 1 : 0);
      const to =
        KINDS[c.kind].sendsLoad && finite(c.timeoutMs) && c.timeoutMs > 0 ? c.timeoutMs : sloTimeout.get(c.system);
      clientTimeout.push(finite(to) && to > 0 ? to : 0);
      const rf = sentReadShare(g, i);
      clientReads.push(Number.isFinite(rf) ? rf : 1);
    }
    groupStart[i + 1] = groupStart[i]! + count;
    for (let q = 0; q < count; q++) {
      servers.push(perGroup);
      groupComp.push(i);
    }
    if (count > maxGroups) maxGroups = count;
  }

  const edgeLat = new Float64Array(m);
  const retries = new Int32Array(m);
  const fanInt = new Int32Array(m);
  const fanFrac = new Float64Array(m);
  const inCycle = new Uint8Array(m);
  const scc = stronglyConnected(g).comp;
  for (let e = 0; e < m; e++) {
    inCycle[e] = scc[g.from[e]!] === scc[g.to[e]!] ? 1 : 0;
    const edge = g.edges[e]!;
    const l = edge.latencyMs;
    edgeLat[e] = (finite(l) && l > 0 ? l : 0) + regionLatency(g, e);
    const r = edge.retries;
    if (r !== undefined && r > 0) {
      retries[e] = Math.min(MAX_RETRIES, Number.isFinite(r) ? Math.floor(r) : MAX_RETRIES);
      if (!(r <= MAX_RETRIES)) notes.push(`${edge.id}: retries capped at ${MAX_RETRIES}`);
    }
    let f = g.fanout[e]!;
    if (!(f <= MAX_FANOUT)) {
      notes.push(`${edge.id}: fan-out capped at ${MAX_FANOUT}`);
      f = MAX_FANOUT;
    }
    fanInt[e] = Math.floor(f);
    fanFrac[e] = f - Math.floor(f);
  }

  const calls = compileCalls(g, (u) => groupStart[u + 1]! - groupStart[u]!);
  return {
    g,
    n,
    m,
    hasCap,
    serviceMs,
    cv,
    fixedMs,
    down,
    allDown,
    groupStart,
    shared,
    store,
    shards,
    nodesPerShard,
    hot,
    replicas,
    readFrom,
    replication,
    quorum,
    qR,
    qW,
    splitter,
    balancer,
    client,
    alg,
    partitions,
    edgeLat,
    retries,
    fanInt,
    fanFrac,
    inCycle,
    groups: servers.length,
    groupComp: Int32Array.from(groupComp),
    groupServers: Int32Array.from(servers),
    maxGroups,
    clients: Int32Array.from(clients),
    clientRate: Float64Array.from(clientRate),
    clientReads: Float64Array.from(clientReads),
    clientSlot,
    clientTimeout: Float64Array.from(clientTimeout),
    clientScheduled: Uint8Array.from(clientScheduled),
    calls,
    notes,
  };
}
