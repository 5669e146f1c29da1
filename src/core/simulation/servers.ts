/**
 * The server groups of one replication: each a FIFO queue (linked through the frames) in front of
 * k servers, with the busy time measured after the warm-up; the instance choice (a balancer's
 * algorithm, a partition's consumer, else a random instance, routing around down ones); the event
 * heap (events `handle * 8 + type`), the clock and the random numbers. The request logic is in engine.ts.
 */
import { EventHeap } from './heap.js';
import { Frames } from './frames.js';
import { ALG_HASH, ALG_LEAST, ALG_NONE, ALG_TURN, type Plan } from './plan.js';
import { mix32, Rng } from './rng.js';

export const EV_CLIENT = 0;
export const EV_ARRIVE = 1;
export const EV_DONE = 2;
export const EV_RESUME = 3;
/** The caller's timer for an attempt; a retry's back-off ended. */
export const EV_TIMEOUT = 4;
export const EV_SEND = 5;

/** Waiting requests per server group before it refuses (the group is then saturated). */
export const QUEUE_CAP = 1_000_000;

export abstract class Servers extends Frames {
  readonly heap = new EventHeap();
  readonly rng: Rng;
  now = 0;
  events = 0;
  protected ready = new Int32Array(256);
  protected readyLen = 0;
  protected readonly scratch: Int32Array;
  readonly warmMs: number;
  readonly endMs: number;

  readonly gBusy: Int32Array;
  readonly gServers: Int32Array;
  readonly gHead: Int32Array;
  readonly gTail: Int32Array;
  readonly gLen: Int32Array;
  /** Requests at the instance from arrival until it answers (what least-connections counts). */
  readonly gOpen: Int32Array;
  readonly gBusyMs: Float64Array;
  readonly gOverflow: Uint8Array;
  /** Round-robin position per edge (balancer x target). */
  readonly rr: Int32Array;

  constructor(
    readonly p: Plan,
    seed: number,
    warmMs: number,
    endMs: number,
  ) {
    super();
    this.rng = new Rng(seed);
    this.warmMs = warmMs;
    this.endMs = endMs;
    const G = p.groups;
    this.gBusy = new Int32Array(G);
    this.gServers = p.groupServers;
    this.gHead = new Int32Array(G).fill(-1);
    this.gTail = new Int32Array(G).fill(-1);
    this.gLen = new Int32Array(G);
    this.gOpen = new Int32Array(G);
    this.gBusyMs = new Float64Array(G);
    this.gOverflow = new Uint8Array(G);
    this.rr = new Int32Array(p.m);
    this.scratch = new Int32Array(p.maxGroups);
  }

  /** Per out-edge position of a balancer: is the target up (healthyTarget's scratch). */
  private upScratch = new Uint8Array(16);

  /**
   * The out-edge (its position in the out-list) a splitter sends a request of class k to, by the
   * edges' choice among those `up` allows (a bit per position from the first edge, -1: all),
   * renormalised; -1 when it sends it nowhere (choices below 1).
   */
  protected target(v: number, k: 0 | 1, up: number, upList?: Uint8Array): number {
    const g = this.p.g;
    const car = g.carries[k];
    const ch = g.choice[k];
    const s = g.outStart[v]!;
    const end = g.outStart[v + 1]!;
    let total = 1;
    if (up >= 0 && upList) {
      total = 0;
      for (let j = s; j < end; j++)
        if (car[g.outList[j]!] && upList[j - s]) total += ch[g.outList[j]!]! > 0 ? ch[g.outList[j]!]! : 0;
      if (!(total > 0)) return -2;
    }
    const u = this.rng.next() * total;
    let acc = 0;
    for (let j = s; j < end; j++) {
      const e = g.outList[j]!;
      if (!car[e] || (upList && up >= 0 && !upList[j - s])) continue;
      const c = ch[e]!;
      if (!(c > 0)) continue;
      acc += c;
      if (u < acc) return j;
    }
    return -1;
  }

  /**
   * A balancer's target: health checks take a target whose every instance is down out of the
   * rotation (a snapshot, as for instances); -2 when every target is down.
   */
  protected healthyTarget(v: number, k: 0 | 1): number {
    const p = this.p;
    const g = p.g;
    const s = g.outStart[v]!;
    const end = g.outStart[v + 1]!;
    let anyDown = false;
    const up = this.upScratch.length >= end - s ? this.upScratch : (this.upScratch = new Uint8Array(end - s));
    for (let j = s; j < end; j++) {
      const w = g.to[g.outList[j]!]!;
      const d = p.allDown[w]!;
      const isUp = !(d > 0 && this.rng.next() < d);
      up[j - s] = isUp ? 1 : 0;
      if (!isUp) anyDown = true;
    }
    return anyDown ? this.target(v, k, 0, up) : this.target(v, k, -1);
  }
  /** A request a full queue refuses (it fails). */
  protected abstract refuse(f: number): void;

  /** The instance group for a request at pool v (routing around down instances), -1 when none is up. */
  protected pick(f: number, v: number): number {
    const p = this.p;
    const rng = this.rng;
    const base = p.groupStart[v]!;
    const n = p.groupStart[v + 1]! - base;
    if (n <= 0) return -1;
    const q = this.fUp[f] ? 0 : p.down[v]!;
    if (p.shared[v]) return q > 0 && rng.next() < p.allDown[v]! ? -1 : base;
    if (n === 1) return q > 0 && rng.next() < q ? -1 : base;
    const e = this.fEdge[f]!;
    let start: number;
    const u = e >= 0 ? p.g.from[e]! : -1;
    const alg = u >= 0 ? p.alg[u]! : ALG_NONE;
    if (u >= 0 && p.partitions[u]! > 0) start = Math.floor(rng.next() * p.partitions[u]!) % n;
    else if (alg === ALG_TURN) {
      start = this.rr[e]!;
      this.rr[e] = start + 1 >= n ? 0 : start + 1;
    } else if (alg === ALG_HASH) start = mix32(this.fUser[f]!) % n;
    else if (alg === ALG_LEAST) {
      const open = this.gOpen;
      let best = -1;
      let bestOpen = 0;
      for (let i = 0; i < n; i++) {
        if (q > 0 && rng.next() < q) continue;
        const o = open[base + i]!;
        if (best < 0 || o < bestOpen) {
          best = i;
          bestOpen = o;
        }
      }
      return best < 0 ? -1 : base + best;
    } else {
      // uniform (a random balancer, or any other caller)
      const j = Math.floor(rng.next() * n);
      if (q === 0 || rng.next() >= q) return base + j;
      const up = this.scratch;
      let cnt = 0;
      for (let i = 0; i < n; i++) if (i !== j && rng.next() >= q) up[cnt++] = i;
      return cnt === 0 ? -1 : base + up[Math.floor(rng.next() * cnt)]!;
    }
    if (q === 0) return base + start;
    for (let t = 0; t < n; t++) {
      const i = start + t < n ? start + t : start + t - n;
      if (rng.next() >= q) return base + i;
    }
    return -1;
  }

  protected enqueue(f: number, gi: number): void {
    if (this.gBusy[gi]! < this.gServers[gi]!) {
      this.startService(f, gi);
      return;
    }
    if (this.gLen[gi]! >= QUEUE_CAP) {
      this.gOverflow[gi] = 1;
      this.fFail[f] = 1;
      this.refuse(f);
      return;
    }
    this.fNext[f] = -1;
    const tail = this.gTail[gi]!;
    if (tail >= 0) this.fNext[tail] = f;
    else this.gHead[gi] = f;
    this.gTail[gi] = f;
    this.gLen[gi]!++;
  }

  protected startService(f: number, gi: number): void {
    const v = this.fComp[f]!;
    this.gBusy[gi]!++;
    const s = this.rng.service(this.p.serviceMs[v]!, this.p.cv[v]!);
    const t1 = this.now + s;
    const a = this.now > this.warmMs ? this.now : this.warmMs;
    const b = t1 < this.endMs ? t1 : this.endMs;
    if (b > a) this.gBusyMs[gi]! += b - a;
    this.heap.push(t1, f * 8 + EV_DONE);
  }

  protected pushReady(x: number): void {
    if (this.readyLen === this.ready.length) {
      const b = new Int32Array(this.ready.length * 2);
      b.set(this.ready);
      this.ready = b;
    }
    this.ready[this.readyLen++] = x;
  }

  /** Requests waiting per component. */
  queued(out: Float64Array): void {
    out.fill(0);
    const gc = this.p.groupComp;
    for (let q = 0; q < gc.length; q++) out[gc[q]!]! += this.gLen[q]!;
  }
}
