/**
 * Figures per replication (one value per figure and replication, so memory does not grow with
 * the requests) and the result: each figure as an estimate over the replications.
 */
import { POOL_QUEUE } from './calls-plan.js';
import { CallCollector } from './collect-calls.js';
import type { Engine } from './engine.js';
import { estimateOf } from './estimate.js';
import type { Plan } from './plan.js';
import type { Estimate, SimComponent, SimEdge, SimLatency, SimRequest } from './types.js';

const QS = [0.5, 0.95, 0.99];
/** Utilisation at which a server group counts as saturated. */
export const SATURATED_UTILIZATION = 0.98;

export class Collector {
  measured = 0;
  private readonly R: number;
  private readonly thr: Float64Array[]; // reads, writes, total: [comp * R + r]
  private readonly util: Float64Array;
  private readonly utilMax: Float64Array;
  private readonly prim: Float64Array;
  private readonly repl: Float64Array;
  private readonly lat: Float64Array[]; // class * 4 + (mean, p50, p95, p99)
  readonly saturated: Uint8Array;
  private readonly edge: Float64Array;
  private readonly rate: Float64Array;
  private readonly e2e: Float64Array[];
  private readonly success: Float64Array;
  private readonly endLen: Float64Array;
  private readonly calls: CallCollector;

  constructor(
    private readonly p: Plan,
    reps: number,
  ) {
    const R = (this.R = Math.max(1, reps));
    const n = p.n;
    const nan = (k: number) => new Float64Array(k * R).fill(NaN);
    this.thr = [nan(n), nan(n), nan(n)];
    this.util = nan(n);
    this.utilMax = nan(n);
    this.prim = nan(n);
    this.repl = nan(n);
    this.lat = Array.from({ length: 8 }, () => nan(n));
    this.saturated = new Uint8Array(n);
    this.edge = nan(p.m);
    const c = p.clients.length * 2;
    this.rate = nan(c);
    this.e2e = Array.from({ length: 4 }, () => nan(c));
    this.success = nan(c);
    this.endLen = new Float64Array(n);
    this.calls = new CallCollector(p, R);
  }

  /** Takes one replication's figures over a measured window of `windowMs`. */
  add(en: Engine, windowMs: number): void {
    if (!(windowMs > 0) || this.measured >= this.R) return;
    const r = this.measured++;
    const R = this.R;
    const p = this.p;
    const s = windowMs / 1000;
    en.queued(this.endLen);
    for (let v = 0; v < p.n; v++) {
      const at = v * R + r;
      const rd = en.arrivals[v * 2]!;
      const wr = en.arrivals[v * 2 + 1]!;
      this.thr[0]![at] = rd / s;
      this.thr[1]![at] = wr / s;
      this.thr[2]![at] = (rd + wr) / s;
      for (let k = 0; k < 2; k++) {
        const i = v * 2 + k;
        this.lat[k * 4]![at] = en.compLat.mean(i);
        for (let j = 0; j < 3; j++) this.lat[k * 4 + 1 + j]![at] = en.compLat.quantile(i, QS[j]!);
      }
      this.utilisation(en, v, at, windowMs, rd + wr);
    }
    for (let e = 0; e < p.m; e++) this.edge[e * R + r] = en.edgeCalls[e]! / s;
    // a pool whose connections are (nearly) always all in use saturates its caller
    for (let e = 0; e < p.m; e++)
      if (p.calls.poolKind[e] === POOL_QUEUE && en.poolBusiest(e, en.warmMs + windowMs) >= SATURATED_UTILIZATION)
        this.saturated[p.g.from[e]!] = 1;
    this.calls.add(en, r, windowMs);
    for (let i = 0; i < p.clients.length * 2; i++) {
      const at = i * R + r;
      if (p.clientRate[i >> 1]! <= 0) continue;
      this.rate[at] = en.sent[i]! / s;
      this.e2e[0]![at] = en.e2e.mean(i);
      for (let j = 0; j < 3; j++) this.e2e[1 + j]![at] = en.e2e.quantile(i, QS[j]!);
      const done = en.finished[i]!;
      this.success[at] = done > 0 ? en.succeeded[i]! / done : NaN;
    }
  }

  private utilisation(en: Engine, v: number, at: number, windowMs: number, arrived: number): void {
    const p = this.p;
    const a = p.groupStart[v]!;
    const b = p.groupStart[v + 1]!;
    let busy = 0;
    let servers = 0;
    let worst = 0;
    let overflow = false;
    for (let q = a; q < b; q++) {
      const k = p.groupServers[q]!;
      busy += en.gBusyMs[q]!;
      servers += k;
      const u = k > 0 ? en.gBusyMs[q]! / (k * windowMs) : en.gLen[q]! > 0 ? Infinity : 0;
      if (u > worst) worst = u;
      if (en.gOverflow[q]) overflow = true;
    }
    let util: number;
    if (!p.hasCap[v]) util = NaN;
    else if (b === a || servers === 0) util = arrived > 0 ? Infinity : 0;
    else util = p.store[v] ? worst : busy / (servers * windowMs);
    this.util[at] = util;
    this.utilMax[at] = !p.hasCap[v] ? NaN : b === a || servers === 0 ? util : worst;
    if (p.store[v] && p.hasCap[v] && b > a) {
      const nps = p.nodesPerShard[v]!;
      const one = (q: number) => (p.groupServers[q]! > 0 ? en.gBusyMs[q]! / (p.groupServers[q]! * windowMs) : Infinity);
      this.prim[at] = one(a);
      if (nps > 1) {
        let sum = 0;
        for (let q = a + 1; q < a + nps; q++) sum += one(q);
        this.repl[at] = sum / (nps - 1);
      }
    }
    const len = this.endLen[v]!;
    const growing = len > 1000 && len > 2 * en.midLen[v]! + 100;
    if (
      overflow ||
      growing ||
      (p.hasCap[v] && worst >= SATURATED_UTILIZATION) ||
      ((b === a || servers === 0) && arrived > 0)
    )
      this.saturated[v] = 1;
  }

  private est(a: Float64Array, i: number): Estimate {
    return estimateOf(a, i * this.R, i * this.R + this.measured);
  }

  private latency(arrays: Float64Array[], from: number, i: number): SimLatency | null {
    const mean = this.est(arrays[from]!, i);
    if (mean.n === 0) return null;
    return {
      mean,
      p50: this.est(arrays[from + 1]!, i),
      p95: this.est(arrays[from + 2]!, i),
      p99: this.est(arrays[from + 3]!, i),
    };
  }

  /** Components waiting (synchronously, at any depth) for a saturated one, or saturated themselves. */
  private unreliable(): Uint8Array {
    const g = this.p.g;
    const out = this.saturated.slice();
    const stack: number[] = [];
    for (let v = 0; v < g.n; v++) if (out[v]) stack.push(v);
    while (stack.length) {
      const v = stack.pop()!;
      for (let j = g.inStart[v]!; j < g.inStart[v + 1]!; j++) {
        const e = g.inList[j]!;
        const u = g.from[e]!;
        const waits = (g.sync[0][e] && g.choice[0][e]! > 0) || (g.sync[1][e] && g.choice[1][e]! > 0);
        if (waits && !out[u]) {
          out[u] = 1;
          stack.push(u);
        }
      }
    }
    return out;
  }

  components(): SimComponent[] {
    const p = this.p;
    const bad = this.unreliable();
    return p.g.comps.map((c, v) => ({
      id: c.id,
      throughputRps: {
        reads: this.est(this.thr[0]!, v),
        writes: this.est(this.thr[1]!, v),
        total: this.est(this.thr[2]!, v),
      },
      utilization: this.est(this.util, v),
      utilizationMax: this.est(this.utilMax, v),
      saturated: this.saturated[v] === 1,
      latency: { reads: this.latency(this.lat, 0, v), writes: this.latency(this.lat, 4, v) },
      latencyUnreliable: bad[v] === 1,
      nodes:
        p.store[v] && p.hasCap[v]
          ? { primary: this.est(this.prim, v), replica: p.nodesPerShard[v]! > 1 ? this.est(this.repl, v) : null }
          : null,
    }));
  }

  edges(): SimEdge[] {
    return this.p.g.edges.map((e, i) => {
      const calls = this.calls.edgeFigures(i, this.measured);
      return calls
        ? { id: e.id, throughputRps: this.est(this.edge, i), calls }
        : { id: e.id, throughputRps: this.est(this.edge, i) };
    });
  }

  requests(): SimRequest[] {
    const p = this.p;
    const bad = this.unreliable();
    const out: SimRequest[] = [];
    const none: Estimate = { value: NaN, low: NaN, high: NaN, n: 0 };
    for (let s = 0; s < p.clients.length; s++) {
      const rf = p.clientReads[s]!;
      for (let k = 0; k < 2; k++) {
        if (!((k === 0 ? rf : 1 - rf) > 0)) continue;
        const i = s * 2 + k;
        out.push({
          client: p.g.comps[p.clients[s]!]!.id,
          traffic: k === 0 ? 'reads' : 'writes',
          rate: this.est(this.rate, i),
          latency: this.latency(this.e2e, 0, i) ?? { mean: none, p50: none, p95: none, p99: none },
          success: this.est(this.success, i),
          latencyUnreliable: bad[p.clients[s]!] === 1,
          ...this.calls.request(i, this.measured),
          ...(p.clientScheduled[s] ? { scheduled: true } : {}),
        });
      }
    }
    return out;
  }
}
