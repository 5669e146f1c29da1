/**
 * One replication: the event loop and what a request physically does (see the module header of
 * simulation.ts). Events are integers `handle * 4 + type` in a binary heap; work at the same
 * instant (a call without latency, a caller resuming) goes through a ready stack instead of
 * recursion, so chains of any length use no call stack.
 */
import { READS } from '../analysis/graph.js';
import { ST_CALL, ST_FIXED, ST_NODE, ST_PRIMARY, ST_READ, ST_REPL } from './frames.js';
import { HistogramSet } from './histogram.js';
import { EV_ARRIVE, EV_CLIENT, EV_DONE, EV_RESUME, Servers } from './servers.js';
import { REPL_SEMI, REPL_SYNC, RF_ANY, RF_PRIMARY, type Plan } from './plan.js';

/** Frames alive at once before clients' new requests are refused. */
export const FRAME_CAP = 1_000_000;
/** Async hops a request may trigger in a chain (an async loop would never end). */
export const GEN_CAP = 64;
const USERS = 10_000;

export class Engine extends Servers {
  readonly midMs: number;
  midTaken = false;

  // measurements (after warm-up)
  readonly arrivals: Float64Array; // [comp * 2 + class]
  readonly edgeCalls: Float64Array;
  readonly compLat: HistogramSet; // [comp * 2 + class], answered requests
  readonly e2e: HistogramSet; // [slot * 2 + class]
  readonly sent: Float64Array; // [slot * 2 + class]
  readonly finished: Float64Array;
  readonly succeeded: Float64Array;
  readonly midLen: Float64Array; // per component
  cutChains = 0;
  refused = 0;

  constructor(p: Plan, seed: number, warmMs: number, endMs: number) {
    super(p, seed, warmMs, endMs);
    this.midMs = warmMs + (endMs - warmMs) / 2;
    this.arrivals = new Float64Array(p.n * 2);
    this.edgeCalls = new Float64Array(p.m);
    this.compLat = new HistogramSet(p.n * 2);
    const c = p.clients.length;
    this.e2e = new HistogramSet(c * 2);
    this.sent = new Float64Array(c * 2);
    this.finished = new Float64Array(c * 2);
    this.succeeded = new Float64Array(c * 2);
    this.midLen = new Float64Array(p.n);
    this.resetFrames();
    for (let s = 0; s < c; s++) if (p.clientRate[s]! > 0) this.heap.push(this.rng.exp(1 / p.clientRate[s]!), s * 4);
  }

  protected refuse(f: number): void {
    if (this.fState[f] === ST_NODE) this.nodeDone(f);
    else this.finish(f);
  }

  /** Runs up to `budget` events; true when the replication reached its end. */
  run(budget: number): boolean {
    const heap = this.heap;
    const end = this.endMs;
    for (let i = 0; i < budget; i++) {
      const t = heap.peekTime();
      if (!(t <= end)) return true;
      if (!this.midTaken && t >= this.midMs) this.takeMid();
      const ev = heap.pop();
      this.now = t;
      this.events++;
      const h = ev >> 2;
      switch (ev & 3) {
        case EV_CLIENT:
          this.clientArrival(h);
          break;
        case EV_ARRIVE:
          this.arrive(h);
          break;
        case EV_DONE:
          this.serviceDone(h);
          break;
        default:
          this.resume(h);
      }
      while (this.readyLen > 0) {
        const r = this.ready[--this.readyLen]!;
        if ((r & 3) === EV_ARRIVE) this.arrive(r >> 2);
        else this.resume(r >> 2);
      }
    }
    return !(heap.peekTime() <= end);
  }

  private takeMid(): void {
    this.midTaken = true;
    this.queued(this.midLen);
  }

  private clientArrival(s: number): void {
    const p = this.p;
    const rng = this.rng;
    this.heap.push(this.now + rng.exp(1 / p.clientRate[s]!), s * 4);
    const rf = p.clientReads[s]!;
    const k = rf >= 1 ? 0 : rng.next() < rf ? 0 : 1;
    const measured = this.now >= this.warmMs;
    if (measured) this.sent[s * 2 + k]!++;
    if (this.live >= FRAME_CAP) {
      this.refused++;
      if (measured) this.finished[s * 2 + k]!++;
      return;
    }
    const f = this.alloc();
    this.fComp[f] = p.clients[s]!;
    this.fCls[f] = k;
    this.fParent[f] = -1;
    this.fEdge[f] = -1;
    this.fAttempt[f] = 0;
    this.fUser[f] = s * USERS + Math.floor(rng.next() * USERS);
    this.fGen[f] = 0;
    this.fOrigin[f] = s + 1;
    this.fTag[f] = -1;
    this.arrive(f);
  }

  /** A new request frame at component v, called by frame `parent` (or -1) along edge e. */
  private child(v: number, k: number, parent: number, e: number, user: number, gen: number, tag: number): number {
    const c = this.alloc();
    this.fComp[c] = v;
    this.fCls[c] = k;
    this.fParent[c] = parent;
    this.fEdge[c] = e;
    this.fAttempt[c] = 0;
    this.fUp[c] = 0;
    this.fUser[c] = user;
    this.fGen[c] = gen;
    this.fOrigin[c] = 0;
    this.fTag[c] = tag;
    if (parent >= 0) this.fKids[parent]!++;
    return c;
  }

  private send(c: number, e: number): void {
    if (this.now >= this.warmMs) this.edgeCalls[e]!++;
    const l = this.p.edgeLat[e]!;
    if (l > 0) this.heap.push(this.now + l, c * 4 + EV_ARRIVE);
    else this.pushReady(c * 4 + EV_ARRIVE);
  }

  private arrive(f: number): void {
    const p = this.p;
    const v = this.fComp[f]!;
    this.fT0[f] = this.now;
    if (this.now >= this.warmMs) this.arrivals[v * 2 + this.fCls[f]!]!++;
    if (p.store[v]) {
      this.storeArrive(f, v);
      return;
    }
    const gi = this.pick(f, v);
    if (gi < 0) {
      this.fFail[f] = 1;
      this.finish(f);
      return;
    }
    this.fGroup[f] = gi;
    this.gOpen[gi]!++;
    if (p.hasCap[v]) this.enqueue(f, gi);
    else this.afterService(f);
  }

  private serviceDone(f: number): void {
    const gi = this.fGroup[f]!;
    this.gBusy[gi]!--;
    if (this.gLen[gi]! > 0) {
      const h = this.gHead[gi]!;
      const next = this.fNext[h]!;
      this.gHead[gi] = next;
      if (next < 0) this.gTail[gi] = -1;
      this.gLen[gi]!--;
      this.startService(h, gi);
    }
    if (this.fState[f] === ST_NODE) this.nodeDone(f);
    else this.afterService(f);
  }

  private resume(f: number): void {
    switch (this.fState[f]) {
      case ST_FIXED:
        this.beginCalls(f);
        return;
      case ST_CALL:
        if (this.fCallFail[f]) {
          this.fFail[f] = 1;
          this.finish(f);
        } else this.nextCall(f);
        return;
      case ST_PRIMARY:
        if (this.fCallFail[f]) {
          this.fFail[f] = 1;
          this.finish(f);
        } else this.replicate(f);
        return;
      default: // ST_REPL, ST_READ
        if (this.fCallFail[f]) {
          this.fFail[f] = 1;
          this.finish(f);
        } else this.afterService(f);
    }
  }

  /** Own service done (or none): the fixed latency, then the calls. */
  private afterService(f: number): void {
    const fx = this.p.fixedMs[this.fComp[f]!]!;
    if (fx > 0) {
      this.fState[f] = ST_FIXED;
      this.heap.push(this.now + fx, f * 4 + EV_RESUME);
    } else this.beginCalls(f);
  }

  private beginCalls(f: number): void {
    const p = this.p;
    const g = p.g;
    const v = this.fComp[f]!;
    const k = this.fCls[f]!;
    const gain = g.gain[k as 0 | 1][v]!;
    if (gain < 1 && !(gain > 0 && this.rng.next() < gain)) {
      this.finish(f);
      return;
    }
    const s = g.outStart[v]!;
    const end = g.outStart[v + 1]!;
    if (s === end) {
      this.finish(f);
      return;
    }
    if (p.splitter[v]) {
      const chosen = p.balancer[v] ? this.healthyTarget(v, k as 0 | 1) : this.target(v, k as 0 | 1, -1);
      if (chosen === -2) {
        this.fFail[f] = 1;
        this.finish(f);
        return;
      }
      if (chosen < 0) {
        this.finish(f);
        return;
      }
      this.fJ[f] = chosen;
      this.fEnd[f] = chosen + 1;
      this.fSplit[f] = p.balancer[v] ? 2 : 1;
    } else {
      this.fJ[f] = s;
      this.fEnd[f] = end;
      this.fSplit[f] = 0;
    }
    this.nextCall(f);
  }

  /** Makes the next call in edge order; finishes when none is left. */
  private nextCall(f: number): void {
    const p = this.p;
    const g = p.g;
    const k = this.fCls[f]! as 0 | 1;
    const car = g.carries[k];
    const ch = g.choice[k];
    const sync = g.sync[k];
    const split = this.fSplit[f] !== 0;
    const end = this.fEnd[f]!;
    for (let j = this.fJ[f]!; j < end; j = this.fJ[f]!) {
      this.fJ[f] = j + 1;
      const e = g.outList[j]!;
      if (!car[e]) continue;
      if (!split) {
        const c = ch[e]!;
        if (!(c > 0) || (c < 1 && this.rng.next() >= c)) continue;
      }
      const w = g.to[e]!;
      if (!sync[e]) {
        const gen = this.fGen[f]!;
        if (gen >= GEN_CAP) this.cutChains++;
        else this.send(this.child(w, k, -1, e, this.fUser[f]!, gen + 1, -1), e);
        continue;
      }
      let on = false;
      if (p.inCycle[e])
        for (let a = f; a >= 0; a = this.fParent[a]!)
          if (this.fComp[a] === w) {
            on = true;
            break;
          }
      if (on) continue;
      let copies = p.fanInt[e]!;
      if (p.fanFrac[e]! > 0 && this.rng.next() < p.fanFrac[e]!) copies++;
      const tag = ++this.fSeq[f]!;
      this.fWait[f] = copies;
      this.fCallFail[f] = 0;
      this.fState[f] = ST_CALL;
      const user = this.fUser[f]!;
      const gen = this.fGen[f]!;
      for (let i = 0; i < copies; i++) {
        const c = this.child(w, k, f, e, user, gen, tag);
        if (this.fSplit[f] === 2) this.fUp[c] = 1;
        this.send(c, e);
      }
      return;
    }
    this.finish(f);
  }

  /** The request at this component is answered (or failed): retry, or tell whoever waits. */
  private finish(f: number): void {
    const gi = this.fGroup[f]!;
    if (gi >= 0) {
      this.gOpen[gi]!--;
      this.fGroup[f] = -1;
    }
    const e = this.fEdge[f]!;
    const parent = this.fParent[f]!;
    const failed = this.fFail[f] === 1;
    if (failed && e >= 0 && this.fAttempt[f]! < this.p.retries[e]!) {
      const c = this.child(this.fComp[f]!, this.fCls[f]!, parent, e, this.fUser[f]!, this.fGen[f]!, this.fTag[f]!);
      this.fAttempt[c] = this.fAttempt[f]! + 1;
      if (parent >= 0) this.fKids[parent]!--;
      this.send(c, e);
    } else {
      const t0 = this.fT0[f]!;
      const k = this.fCls[f]!;
      if (!failed && t0 >= this.warmMs) this.compLat.record(this.fComp[f]! * 2 + k, this.now - t0);
      if (parent >= 0) this.notify(parent, f);
      else if (this.fOrigin[f]! > 0 && t0 >= this.warmMs) {
        const i = (this.fOrigin[f]! - 1) * 2 + k;
        this.e2e.record(i, this.now - t0);
        this.finished[i]!++;
        if (!failed) this.succeeded[i]!++;
      }
    }
    this.fDone[f] = 1;
    if (this.fKids[f] === 0) this.release(f);
  }

  /** Child c of p is done. */
  private notify(p: number, c: number): void {
    this.fKids[p]!--;
    if (this.fTag[c] === this.fSeq[p] && this.fWait[p]! > 0) {
      if (this.fFail[c]) this.fCallFail[p] = 1;
      if (--this.fWait[p]! === 0) {
        this.fSeq[p]!++;
        this.pushReady(p * 4 + EV_RESUME);
      }
    }
    if (this.fDone[p] && this.fKids[p] === 0) this.release(p);
  }

  private nodeDone(f: number): void {
    this.notify(this.fParent[f]!, f);
    this.release(f);
  }

  /** A job on store node group gi for store frame f; awaited when tag is f's current phase. */
  private nodeJob(f: number, gi: number, tag: number): void {
    const c = this.alloc();
    this.fComp[c] = this.fComp[f]!;
    this.fParent[c] = f;
    this.fTag[c] = tag;
    this.fState[c] = ST_NODE;
    this.fGroup[c] = gi;
    this.fKids[f]!++;
    this.enqueue(c, gi);
  }

  private storeArrive(f: number, v: number): void {
    const p = this.p;
    const rng = this.rng;
    const S = p.shards[v]!;
    let shard = 0;
    if (S > 1 && rng.next() >= p.hot[v]!) shard = 1 + Math.floor(rng.next() * (S - 1));
    const nps = p.nodesPerShard[v]!;
    const base = p.groupStart[v]! + shard * nps;
    this.fBase[f] = base;
    const q = p.down[v]!;
    const cap = p.hasCap[v] === 1;
    const read = this.fCls[f] === READS;
    const tag = this.fSeq[f]! + 1;
    this.fSeq[f] = tag;
    this.fCallFail[f] = 0;
    if (p.quorum[v]) {
      const need = read ? p.qR[v]! : p.qW[v]!;
      const up = this.scratch;
      let cnt = 0;
      for (let i = 0; i < nps; i++) if (q === 0 || rng.next() >= q) up[cnt++] = base + i;
      if (cnt < need) return this.failStore(f);
      if (!cap) return this.afterService(f);
      this.fWait[f] = need;
      this.fState[f] = ST_READ;
      if (read) {
        for (let i = 0; i < need; i++) {
          const j = i + Math.floor(rng.next() * (cnt - i));
          const x = up[j]!;
          up[j] = up[i]!;
          up[i] = x;
        }
        cnt = need;
      }
      for (let i = 0; i < cnt; i++) this.nodeJob(f, up[i]!, tag);
      return;
    }
    const R = p.replicas[v]!;
    const rf = p.readFrom[v]!;
    let node = 0;
    if (read) {
      node =
        rf === RF_PRIMARY || R === 0
          ? 0
          : rf === RF_ANY
            ? Math.floor(rng.next() * (R + 1))
            : 1 + Math.floor(rng.next() * R);
    }
    // reads spread over replicas route around down ones (as a balancer does): they fail only when
    // every candidate node is down; a read of the primary needs the primary; a write needs the
    // primary, and also every replica (sync) or at least one (semi-sync) to be acknowledged
    if (q > 0) {
      if (read) {
        const candidates = R > 0 && rf !== RF_PRIMARY ? (rf === RF_ANY ? R + 1 : R) : 1;
        if (rng.next() < Math.pow(q, candidates)) return this.failStore(f);
      } else {
        let fail = rng.next() < q;
        const mode = p.replication[v]!;
        if (!fail && R > 0 && mode === REPL_SYNC) fail = rng.next() < 1 - Math.pow(1 - q, R);
        else if (!fail && R > 0 && mode === REPL_SEMI) fail = rng.next() < Math.pow(q, R);
        if (fail) return this.failStore(f);
      }
    }
    if (!cap) return this.afterService(f);
    this.fWait[f] = 1;
    this.fState[f] = read ? ST_READ : ST_PRIMARY;
    this.nodeJob(f, base + node, tag);
  }

  private failStore(f: number): void {
    this.fFail[f] = 1;
    this.finish(f);
  }

  /** The primary applied a write: every replica applies it too; wait for none, the first or all. */
  private replicate(f: number): void {
    const p = this.p;
    const v = this.fComp[f]!;
    const R = p.replicas[v]!;
    if (R === 0) return this.afterService(f);
    const mode = p.replication[v]!;
    const wait = mode === REPL_SEMI ? 1 : mode === REPL_SYNC ? R : 0;
    const tag = wait > 0 ? this.fSeq[f]! + 1 : -1;
    if (wait > 0) {
      this.fSeq[f] = tag;
      this.fWait[f] = wait;
      this.fCallFail[f] = 0;
      this.fState[f] = ST_REPL;
    }
    const base = this.fBase[f]!;
    for (let i = 1; i <= R; i++) this.nodeJob(f, base + i, tag);
    if (wait === 0) this.afterService(f);
  }
}
