/**
 * Request frames as a struct of typed arrays with integer handles and a free list: one frame per
 * visit of a request to a component (VISIT) and one per job on a store node (NODE). The engine
 * extends this class so that its hot code reads the arrays as its own fields.
 */

/** What a frame is waiting for (or a node job). */
export const ST_NEW = 0;
export const ST_FIXED = 1;
export const ST_CALL = 2;
export const ST_PRIMARY = 3;
export const ST_REPL = 4;
export const ST_READ = 5;
export const ST_NODE = 6;

/** fFlags bits: the caller gave up on this attempt (timed out); it failed fast (breaker open: no retry); a breaker's probe. */
export const F_ABAND = 1;
export const F_FAST = 2;
export const F_PROBE = 4;
/** fFlags bit: the attempt reached its component (neither refused nor failed fast). */
export const F_ARRIVED = 8;

export class Frames {
  cap = 0;
  live = 0;
  private top = 0;
  private freeHead = -1;

  /** Component (for a node job: the store). */
  fComp = new Int32Array(0);
  fCls = new Uint8Array(0);
  fState = new Uint8Array(0);
  /** The frame waiting for this one, -1 for a root or an async request. */
  fParent = new Int32Array(0);
  /** The edge it came by, -1 for a client's own request. */
  fEdge = new Int32Array(0);
  /** Next out-edge position to consider, and the end of the range. */
  fJ = new Int32Array(0);
  fEnd = new Int32Array(0);
  fSplit = new Uint8Array(0);
  /** Completions still awaited in the current phase. */
  fWait = new Int32Array(0);
  /** Children not finished yet (awaited or not): the frame is released only when 0. */
  fKids = new Int32Array(0);
  /** Phase counter: a child whose tag differs is no longer awaited. */
  fSeq = new Int32Array(0);
  fTag = new Int32Array(0);
  fFail = new Uint8Array(0);
  fCallFail = new Uint8Array(0);
  fDone = new Uint8Array(0);
  fAttempt = new Int32Array(0);
  /** A balancer found an instance of this target up (health checks): its pick does not fail for downs. */
  fUp = new Uint8Array(0);
  /** Server group (instance or store node) serving it, -1 when none. */
  fGroup = new Int32Array(0);
  fUser = new Int32Array(0);
  /** FIFO link in a group's queue. */
  fNext = new Int32Array(0);
  /** Async hops from the client's request. */
  fGen = new Int32Array(0);
  /** 1 + client slot for a client's own request, else 0. */
  fOrigin = new Int32Array(0);
  /** A store frame: first group of its shard. */
  fBase = new Int32Array(0);
  fT0 = new Float64Array(0);
  /** F_ABAND, F_FAST, F_PROBE, F_ARRIVED. */
  fFlags = new Uint8Array(0);
  /** The connection-pool slot (edge x caller instance) an attempt holds, -1 when none. */
  fConn = new Int32Array(0);

  protected resetFrames(): void {
    this.top = 0;
    this.freeHead = -1;
    this.live = 0;
  }

  protected alloc(): number {
    let f = this.freeHead;
    if (f >= 0) this.freeHead = this.fNext[f]!;
    else {
      if (this.top === this.cap) this.growFrames();
      f = this.top++;
    }
    this.live++;
    this.fKids[f] = 0;
    this.fWait[f] = 0;
    this.fSeq[f] = 0;
    this.fFail[f] = 0;
    this.fCallFail[f] = 0;
    this.fDone[f] = 0;
    this.fGroup[f] = -1;
    this.fNext[f] = -1;
    this.fState[f] = ST_NEW;
    this.fFlags[f] = 0;
    this.fConn[f] = -1;
    return f;
  }

  protected release(f: number): void {
    this.fNext[f] = this.freeHead;
    this.freeHead = f;
    this.live--;
  }

  private growFrames(): void {
    const n = Math.max(4096, this.cap * 2);
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    const i32 = (k: number) => new Int32Array(k);
    const u8 = (k: number) => new Uint8Array(k);
    this.fComp = g(this.fComp, i32);
    this.fCls = g(this.fCls, u8);
    this.fState = g(this.fState, u8);
    this.fParent = g(this.fParent, i32);
    this.fEdge = g(this.fEdge, i32);
    this.fJ = g(this.fJ, i32);
    this.fEnd = g(this.fEnd, i32);
    this.fSplit = g(this.fSplit, u8);
    this.fWait = g(this.fWait, i32);
    this.fKids = g(this.fKids, i32);
    this.fSeq = g(this.fSeq, i32);
    this.fTag = g(this.fTag, i32);
    this.fFail = g(this.fFail, u8);
    this.fCallFail = g(this.fCallFail, u8);
    this.fDone = g(this.fDone, u8);
    this.fAttempt = g(this.fAttempt, i32);
    this.fUp = g(this.fUp, u8);
    this.fGroup = g(this.fGroup, i32);
    this.fUser = g(this.fUser, i32);
    this.fNext = g(this.fNext, i32);
    this.fGen = g(this.fGen, i32);
    this.fOrigin = g(this.fOrigin, i32);
    this.fBase = g(this.fBase, i32);
    this.fT0 = g(this.fT0, (k) => new Float64Array(k));
    this.fFlags = g(this.fFlags, u8);
    this.fConn = g(this.fConn, i32);
    this.cap = n;
  }
}
