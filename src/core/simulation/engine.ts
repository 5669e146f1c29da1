/**
 * One replication: the event loop and what a request physically does (see the module header of
 * simulation.ts). Events are integers `handle * 8 + type` in a binary heap; work at the same
 * instant (a call without latency, a caller resuming) goes through a ready stack instead of
 * recursion, so chains of any length use no call stack.
 */
import { F_ABAND, F_ARRIVED, F_FAST, ST_CALL, ST_FIXED, ST_NODE, ST_PRIMARY } from './frames.js';
import { HistogramSet } from './histogram.js';
import { EV_ARRIVE, EV_CLIENT, EV_DONE, EV_RESUME, EV_SEND, EV_TIMEOUT } from './servers.js';
import type { Plan } from './plan.js';
import { Stores } from './stores.js';

/** Frames alive at once before clients' new requests are refused. */
export const FRAME_CAP = 1_000_000;
/** Async hops a request may trigger in a chain (an async loop would never end). */
export const GEN_CAP = 64;
const USERS = 10_000;

export class Engine extends Stores {
  readonly midMs: number;
  midTaken = false;

  // measurements (after warm-up)
  readonly arrivals: Float64Array; // [comp * 2 + class]
  readonly compLat: HistogramSet; // [comp * 2 + class], every request that reached it (failed ones at their time)
  readonly e2e: HistogramSet; // [slot * 2 + class]
  readonly sent: Float64Array; // [slot * 2 + class]
  readonly finished: Float64Array;
  readonly succeeded: Float64Array;
  /** Requests slower than the client's end-to-end timeout (failed or not), and requests in error (failed or late). */
  readonly late: Float64Array;
  readonly errors: Float64Array;
  readonly midLen: Float64Array; // per component
  cutChains = 0;
  refused = 0;

  constructor(p: Plan, seed: number, warmMs: number, endMs: number) {
    super(p, seed, warmMs, endMs);
    this.midMs = warmMs + (endMs - warmMs) / 2;
    this.arrivals = new Float64Array(p.n * 2);
    this.compLat = new HistogramSet(p.n * 2);
    const c = p.clients.length;
    this.e2e = new HistogramSet(c * 2);
    this.sent = new Float64Array(c * 2);
    this.finished = new Float64Array(c * 2);
    this.succeeded = new Float64Array(c * 2);
    this.late = new Float64Array(c * 2);
    this.errors = new Float64Array(c * 2);
    this.midLen = new Float64Array(p.n);
    this.resetFrames();
    for (let s = 0; s < c; s++) if (p.clientRate[s]! > 0) this.heap.push(this.rng.exp(1 / p.clientRate[s]!), s * 8);
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
      const h = ev >> 3;
      switch (ev & 7) {
        case EV_CLIENT:
          this.clientArrival(h);
          break;
        case EV_ARRIVE:
          this.arrive(h);
          break;
        case EV_DONE:
          this.serviceDone(h);
          break;
        case EV_TIMEOUT:
          this.timeoutFired(h);
          break;
        case EV_SEND:
          this.sendLater(h);
          break;
        default:
          this.resume(h);
      }
      while (this.readyLen > 0) {
        const r = this.ready[--this.readyLen]!;
        if ((r & 7) === EV_ARRIVE) this.arrive(r >> 3);
        else this.resume(r >> 3);
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
    this.heap.push(this.now + rng.exp(1 / p.clientRate[s]!), s * 8);
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

  private arrive(f: number): void {
    const p = this.p;
    const v = this.fComp[f]!;
    this.fT0[f] = this.now;
    this.fFlags[f]! |= F_ARRIVED;
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
    // a scheduled job is a load source: its own requests do not queue at it (as a client's)
    if (p.hasCap[v] && !(this.fOrigin[f]! > 0 && p.clientScheduled[this.fOrigin[f]! - 1])) this.enqueue(f, gi);
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
  protected afterService(f: number): void {
    const fx = this.p.fixedMs[this.fComp[f]!]!;
    if (fx > 0) {
      this.fState[f] = ST_FIXED;
      this.heap.push(this.now + fx, f * 8 + EV_RESUME);
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

  /**
   * Makes the next call in edge order (a parallel group's calls at once: the caller waits for
   * all); finishes when none is left.
   */
  private nextCall(f: number): void {
    const g = this.p.g;
    const group = this.p.calls.group;
    const split = this.fSplit[f] !== 0;
    const end = this.fEnd[f]!;
    for (let j = this.fJ[f]!; j < end; j = this.fJ[f]!) {
      // a parallel group: the run of consecutive out-edges with its number
      let last = j;
      const gr = split ? -1 : group[g.outList[j]!]!;
      if (gr >= 0) while (last + 1 < end && group[g.outList[last + 1]!] === gr) last++;
      this.fJ[f] = last + 1;
      let total = 0;
      for (let x = j; x <= last; x++) total += this.copies(f, x, split, x - j);
      if (total === 0) continue;
      const tag = ++this.fSeq[f]!;
      this.fWait[f] = total;
      this.fCallFail[f] = 0;
      this.fState[f] = ST_CALL;
      const k = this.fCls[f]!;
      const user = this.fUser[f]!;
      const gen = this.fGen[f]!;
      for (let x = j; x <= last; x++) {
        const e = g.outList[x]!;
        const w = g.to[e]!;
        for (let i = this.batch[x - j]!; i > 0; i--) {
          const c = this.child(w, k, f, e, user, gen, tag);
          if (this.fSplit[f] === 2) this.fUp[c] = 1;
          this.attempt(c, e);
        }
      }
      return;
    }
    this.finish(f);
  }

  private batch = new Int32Array(16);

  /**
   * How many copies frame f waits for over out-edge position x (0 when the edge does not carry
   * the request, is not chosen, is on the request's stack, or is async: then sent here), kept in
   * batch[at].
   */
  private copies(f: number, x: number, split: boolean, at: number): number {
    if (at >= this.batch.length) {
      const b = new Int32Array(this.batch.length * 2);
      b.set(this.batch);
      this.batch = b;
    }
    this.batch[at] = 0;
    const p = this.p;
    const g = p.g;
    const k = this.fCls[f]! as 0 | 1;
    const e = g.outList[x]!;
    if (!g.carries[k][e]) return 0;
    if (!split) {
      const c = g.choice[k][e]!;
      if (!(c > 0) || (c < 1 && this.rng.next() >= c)) return 0;
    }
    const w = g.to[e]!;
    if (!g.sync[k][e]) {
      const gen = this.fGen[f]!;
      if (gen >= GEN_CAP) this.cutChains++;
      else this.attempt(this.child(w, k, -1, e, this.fUser[f]!, gen + 1, -1), e);
      return 0;
    }
    if (p.inCycle[e]) for (let a = f; a >= 0; a = this.fParent[a]!) if (this.fComp[a] === w) return 0;
    let n = p.fanInt[e]!;
    if (p.fanFrac[e]! > 0 && this.rng.next() < p.fanFrac[e]!) n++;
    this.batch[at] = n;
    return n;
  }

  /** The request at this component is answered (or failed): tell the caller's side, or the client. */
  protected finish(f: number): void {
    const gi = this.fGroup[f]!;
    if (gi >= 0) {
      this.gOpen[gi]!--;
      this.fGroup[f] = -1;
    }
    const e = this.fEdge[f]!;
    const failed = this.fFail[f] === 1;
    const t0 = this.fT0[f]!;
    const k = this.fCls[f]!;
    // every request that reached it, a failed one at the time its failure is answered (docs/analysis.md section 9)
    if (this.fFlags[f]! & F_ARRIVED && t0 >= this.warmMs) this.compLat.record(this.fComp[f]! * 2 + k, this.now - t0);
    if (e >= 0) {
      // an attempt: unless its caller already gave up on it (timed out)
      const aband = (this.fFlags[f]! & F_ABAND) !== 0;
      if (!aband && this.p.calls.any[e]) this.attemptEnd(f, failed);
      if (!aband) this.settle(f, failed);
    } else if (this.fOrigin[f]! > 0 && t0 >= this.warmMs) {
      const s = this.fOrigin[f]! - 1;
      const i = s * 2 + k;
      const dt = this.now - t0;
      this.e2e.record(i, dt);
      this.finished[i]!++;
      if (!failed) this.succeeded[i]!++;
      const tau = this.p.clientTimeout[s]!;
      const late = tau > 0 && dt > tau;
      if (late) this.late[i]!++;
      if (failed || late) this.errors[i]!++;
    }
    this.fDone[f] = 1;
    if (this.fKids[f] === 0) this.release(f);
  }

  /** Attempt f along its edge ended (or timed out): retry it, or tell the caller. */
  protected settle(f: number, failed: boolean): void {
    const e = this.fEdge[f]!;
    const parent = this.fParent[f]!;
    if (failed && this.fAttempt[f]! < this.p.retries[e]! && !(this.fFlags[f]! & F_FAST) && this.retryAllowed(e)) {
      const c = this.child(this.fComp[f]!, this.fCls[f]!, parent, e, this.fUser[f]!, this.fGen[f]!, this.fTag[f]!);
      this.fAttempt[c] = this.fAttempt[f]! + 1;
      if (parent >= 0) this.fKids[parent]!--;
      this.retry(c, e);
    } else if (parent >= 0) this.notify(parent, f, failed);
  }

  /** Child c of p is done (failed: its call failed; an optional or fallback call does not fail p). */
  private notify(p: number, c: number, failed: boolean): void {
    this.fKids[p]!--;
    if (this.fTag[c] === this.fSeq[p] && this.fWait[p]! > 0) {
      if (failed) {
        const e = this.fEdge[c]!;
        if (e >= 0 && this.p.calls.tolerant[e]) {
          if (this.now >= this.warmMs) this.eDegraded[e]!++;
        } else this.fCallFail[p] = 1;
      }
      if (--this.fWait[p]! === 0) {
        this.fSeq[p]!++;
        this.pushReady(p * 8 + EV_RESUME);
      }
    }
    if (this.fDone[p] && this.fKids[p] === 0) this.release(p);
  }

  private nodeDone(f: number): void {
    this.notify(this.fParent[f]!, f, this.fFail[f] === 1);
    this.release(f);
  }
}
