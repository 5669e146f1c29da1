/**
 * What a caller physically does around each attempt of a call (issue 16), between the server
 * groups (servers.ts) and the request logic (engine.ts):
 * - a circuit breaker per edge (one per caller edge, shared by the caller's instances) keeps the
 *   outcomes of the last BREAKER_WINDOW attempts; once at least BREAKER_MIN are known and the
 *   share failed or timed out reaches the threshold it opens for BREAKER_COOL_MS: calls then fail
 *   fast (0 ms, never reaching the callee, not retried); after the cool-down one probe attempt is
 *   let through (the others still fail fast): its success closes the breaker (window cleared),
 *   its failure opens it again. The time open (half-open included) is measured;
 * - a connection pool per caller instance (`connections`): a counting semaphore with a FIFO wait;
 *   an attempt holds its connection from when it is sent until it ends or the caller gives up on
 *   it; a bulkhead (`bulkhead`) refuses an attempt when all its slots are taken (a failed attempt);
 * - the per-attempt timeout starts when the attempt is sent (after its connection): the caller
 *   then gives up (a failed attempt, maybe retried) while the callee keeps working on it;
 * - a retry budget b is a token bucket per edge: each call adds b tokens (at most
 *   BUDGET_BURST_CALLS × b kept), each retry takes one and is made only when one is there;
 * - with jitter a retry waits a back-off uniform over 0..timeout/2 (0..50 ms without a timeout).
 */
import { F_ABAND, F_FAST, F_PROBE } from './frames.js';
import { POOL_BULKHEAD } from './calls-plan.js';
import { EV_ARRIVE, EV_SEND, EV_TIMEOUT, Servers } from './servers.js';
import type { Plan } from './plan.js';

export const BREAKER_WINDOW = 100;
export const BREAKER_MIN = 20;
export const BREAKER_COOL_MS = 5000;
export const BUDGET_BURST_CALLS = 1000;

const CLOSED = 0;
const OPEN = 1;
const HALF = 2;

export abstract class Calls extends Servers {
  // per edge, after the warm-up
  readonly edgeCalls: Float64Array; // attempts sent to the callee (each fan-out copy and retry)
  readonly eFirst: Float64Array; // calls (first attempts, fast-failed ones included)
  readonly eRetries: Float64Array;
  readonly eTimeouts: Float64Array;
  readonly eFailed: Float64Array; // attempts that failed (timed out, refused or failed)
  readonly eFast: Float64Array; // calls failed fast by an open breaker
  readonly eDegraded: Float64Array; // calls whose failure did not fail the caller (optional, fallback)
  readonly eAcquired: Float64Array; // attempts through a pool or bulkhead
  readonly eWaited: Float64Array;
  readonly eWaitMs: Float64Array;
  readonly eRefused: Float64Array;

  private readonly tokens: Float64Array;
  private readonly brState: Uint8Array;
  private readonly brUntil: Float64Array;
  private readonly brSince: Float64Array;
  readonly brOpenMs: Float64Array;
  private readonly brRing: Uint8Array;
  private readonly brPos: Int32Array;
  private readonly brCount: Int32Array;
  private readonly brFails: Int32Array;
  private readonly pUse: Int32Array;
  private readonly pHead: Int32Array;
  private readonly pTail: Int32Array;
  private readonly pLen: Int32Array;
  /** Connection-time in use per slot after the warm-up, ms, integrated up to pLast. */
  private readonly pBusyMs: Float64Array;
  private readonly pLast: Float64Array;

  constructor(p: Plan, seed: number, warmMs: number, endMs: number) {
    super(p, seed, warmMs, endMs);
    const m = p.m;
    const z = () => new Float64Array(m);
    this.edgeCalls = z();
    this.eFirst = z();
    this.eRetries = z();
    this.eTimeouts = z();
    this.eFailed = z();
    this.eFast = z();
    this.eDegraded = z();
    this.eAcquired = z();
    this.eWaited = z();
    this.eWaitMs = z();
    this.eRefused = z();
    this.tokens = z();
    const b = p.calls.breakers;
    this.brState = new Uint8Array(b);
    this.brUntil = new Float64Array(b);
    this.brSince = new Float64Array(b);
    this.brOpenMs = new Float64Array(b);
    this.brRing = new Uint8Array(b * BREAKER_WINDOW);
    this.brPos = new Int32Array(b);
    this.brCount = new Int32Array(b);
    this.brFails = new Int32Array(b);
    const s = p.calls.poolSlots;
    this.pUse = new Int32Array(s);
    this.pHead = new Int32Array(s).fill(-1);
    this.pTail = new Int32Array(s).fill(-1);
    this.pLen = new Int32Array(s);
    this.pBusyMs = new Float64Array(s);
    this.pLast = new Float64Array(s);
  }

  /** The request at frame f is answered or failed. */
  protected abstract finish(f: number): void;
  /** The caller's side of attempt f's outcome: retry, or tell the caller. */
  protected abstract settle(f: number, failed: boolean): void;

  /** Attempt c (a new frame at the callee) along edge e: breaker, pool, then out. */
  protected attempt(c: number, e: number): void {
    const cp = this.p.calls;
    const measured = this.now >= this.warmMs;
    if (!cp.any[e]) return this.send(c, e);
    const first = this.fAttempt[c] === 0;
    if (first) {
      if (measured) this.eFirst[e]!++;
      const b = cp.budget[e]!;
      if (b > 0) this.tokens[e] = Math.min(this.tokens[e]! + b, Math.max(1, b * BUDGET_BURST_CALLS));
    }
    const bi = cp.brIndex[e]!;
    if (bi >= 0 && this.brState[bi] !== CLOSED) {
      if (this.brState[bi] === OPEN && this.now >= this.brUntil[bi]!) {
        this.brState[bi] = HALF;
        this.fFlags[c]! |= F_PROBE;
      } else {
        if (measured) this.eFast[e]!++;
        this.fFlags[c]! |= F_FAST;
        this.fFail[c] = 1;
        return this.finish(c);
      }
    }
    // a retry counts when it gets past the breaker (refused by a bulkhead or not)
    if (!first && measured) this.eRetries[e]!++;
    const kind = cp.poolKind[e]!;
    if (kind) {
      const par = this.fParent[c]!;
      const u = this.p.g.from[e]!;
      const gi = par >= 0 ? this.fGroup[par]! : -1;
      const n = this.p.groupStart[u + 1]! - this.p.groupStart[u]!;
      let inst = gi >= 0 ? gi - this.p.groupStart[u]! : 0;
      if (!(inst >= 0 && inst < n)) inst = 0;
      const slot = cp.poolBase[e]! + inst;
      if (measured) this.eAcquired[e]!++;
      if (this.pUse[slot]! >= cp.poolSize[e]!) {
        if (kind === POOL_BULKHEAD) {
          if (measured) this.eRefused[e]!++;
          this.fFail[c] = 1;
          return this.finish(c);
        }
        if (measured) this.eWaited[e]!++;
        this.fT0[c] = this.now;
        this.fNext[c] = -1;
        const tail = this.pTail[slot]!;
        if (tail >= 0) this.fNext[tail] = c;
        else this.pHead[slot] = c;
        this.pTail[slot] = c;
        this.pLen[slot]!++;
        return;
      }
      this.touch(slot);
      this.pUse[slot]!++;
      this.fConn[c] = slot;
    }
    this.launch(c, e);
  }

  /** The attempt goes out (its connection held): the caller's timer starts. */
  private launch(c: number, e: number): void {
    const t = this.p.calls.timeout[e]!;
    if (t > 0) {
      this.fKids[c]!++;
      this.heap.push(this.now + t, c * 8 + EV_TIMEOUT);
    }
    this.send(c, e);
  }

  protected send(c: number, e: number): void {
    if (this.now >= this.warmMs) this.edgeCalls[e]!++;
    const l = this.p.edgeLat[e]!;
    if (l > 0) this.heap.push(this.now + l, c * 8 + EV_ARRIVE);
    else this.pushReady(c * 8 + EV_ARRIVE);
  }

  /** A retry of edge e: whether the budget allows it (a token taken). */
  protected retryAllowed(e: number): boolean {
    const b = this.p.calls.budget[e]!;
    if (b < 0) return true;
    if (this.tokens[e]! < 1) return false;
    this.tokens[e]!--;
    return true;
  }

  /** Retry c along e now, or after its jittered back-off. */
  protected retry(c: number, e: number): void {
    const w = this.p.calls.backoff[e]!;
    if (w > 0) this.heap.push(this.now + this.rng.next() * w, c * 8 + EV_SEND);
    else this.attempt(c, e);
  }

  /** A delayed retry's time came. */
  protected sendLater(c: number): void {
    this.attempt(c, this.fEdge[c]!);
  }

  /** Attempt c (on an edge with resilience) ended, or its caller gave up on it. */
  protected attemptEnd(c: number, failed: boolean): void {
    const slot = this.fConn[c]!;
    if (slot >= 0) {
      this.fConn[c] = -1;
      this.releaseConn(slot);
    }
    const fl = this.fFlags[c]!;
    if (fl & F_FAST) return;
    const e = this.fEdge[c]!;
    if (failed && this.now >= this.warmMs) this.eFailed[e]!++;
    const bi = this.p.calls.brIndex[e]!;
    if (bi >= 0) this.outcome(bi, e, failed, (fl & F_PROBE) !== 0);
  }

  /** The timer of attempt c fired. */
  protected timeoutFired(c: number): void {
    this.fKids[c]!--;
    if (this.fDone[c]) {
      if (this.fKids[c] === 0) this.release(c);
      return;
    }
    const e = this.fEdge[c]!;
    if (this.now >= this.warmMs) this.eTimeouts[e]!++;
    this.attemptEnd(c, true);
    this.fFlags[c]! |= F_ABAND;
    this.settle(c, true);
    this.fParent[c] = -1;
  }

  private releaseConn(slot: number): void {
    if (this.pLen[slot]! === 0) {
      this.touch(slot);
      this.pUse[slot]!--;
      return;
    }
    // the connection passes to the first waiting attempt
    const h = this.pHead[slot]!;
    const next = this.fNext[h]!;
    this.pHead[slot] = next;
    if (next < 0) this.pTail[slot] = -1;
    this.pLen[slot]!--;
    this.fConn[h] = slot;
    const e = this.fEdge[h]!;
    if (this.fT0[h]! >= this.warmMs) this.eWaitMs[e]! += this.now - this.fT0[h]!;
    this.launch(h, e);
  }

  private outcome(bi: number, e: number, failed: boolean, probe: boolean): void {
    const st = this.brState[bi]!;
    if (st === HALF) {
      if (probe) {
        if (failed) this.open(bi);
        else this.close(bi);
      }
      return;
    }
    if (st === OPEN) return;
    const W = BREAKER_WINDOW;
    const at = bi * W + this.brPos[bi]!;
    if (this.brCount[bi]! === W) this.brFails[bi]! -= this.brRing[at]!;
    else this.brCount[bi]!++;
    this.brRing[at] = failed ? 1 : 0;
    if (failed) this.brFails[bi]!++;
    this.brPos[bi] = this.brPos[bi]! + 1 === W ? 0 : this.brPos[bi]! + 1;
    const n = this.brCount[bi]!;
    if (n >= BREAKER_MIN && this.brFails[bi]! >= this.p.calls.breaker[e]! * n) {
      this.brSince[bi] = this.now;
      this.open(bi);
    }
  }

  private open(bi: number): void {
    this.brState[bi] = OPEN;
    this.brUntil[bi] = this.now + BREAKER_COOL_MS;
  }

  private close(bi: number): void {
    this.brOpenMs[bi]! += this.overlap(this.brSince[bi]!, this.now);
    this.brState[bi] = CLOSED;
    this.brCount[bi] = 0;
    this.brFails[bi] = 0;
    this.brPos[bi] = 0;
  }

  private overlap(a: number, b: number): number {
    const lo = a > this.warmMs ? a : this.warmMs;
    return b > lo ? b - lo : 0;
  }

  /** Integrates slot's connections in use up to now (before its count changes). */
  private touch(slot: number): void {
    const a = this.pLast[slot]! > this.warmMs ? this.pLast[slot]! : this.warmMs;
    if (this.now > a) this.pBusyMs[slot]! += this.pUse[slot]! * (this.now - a);
    this.pLast[slot] = this.now;
  }

  /** The busiest caller instance's share of edge e's connections in use over the window ending at `end`. */
  poolBusiest(e: number, end: number): number {
    const cp = this.p.calls;
    const u = this.p.g.from[e]!;
    const n = Math.max(1, this.p.groupStart[u + 1]! - this.p.groupStart[u]!);
    const w = (end - this.warmMs) * cp.poolSize[e]!;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const slot = cp.poolBase[e]! + i;
      const a = this.pLast[slot]! > this.warmMs ? this.pLast[slot]! : this.warmMs;
      const busy = this.pBusyMs[slot]! + (end > a ? this.pUse[slot]! * (end - a) : 0);
      if (w > 0 && busy / w > worst) worst = busy / w;
    }
    return worst;
  }

  /**
   * Requests waiting per component: a pool's waiting attempts count at the caller (a pool whose
   * wait keeps growing saturates the caller, as a growing server queue does).
   */
  override queued(out: Float64Array): void {
    super.queued(out);
    const cp = this.p.calls;
    if (cp.poolSlots === 0) return;
    for (let e = 0; e < this.p.m; e++) {
      if (!cp.poolKind[e]) continue;
      const u = this.p.g.from[e]!;
      const n = Math.max(1, this.p.groupStart[u + 1]! - this.p.groupStart[u]!);
      for (let i = 0; i < n; i++) out[u]! += this.pLen[cp.poolBase[e]! + i]!;
    }
  }

  /** Share of the measured window (ending at `end`) breaker bi was open or half-open. */
  openShare(bi: number, end: number): number {
    const w = end - this.warmMs;
    if (!(w > 0)) return NaN;
    const open = this.brOpenMs[bi]! + (this.brState[bi] !== CLOSED ? this.overlap(this.brSince[bi]!, end) : 0);
    return open / w;
  }
}
