/**
 * A store's side of a request (see the module header of simulation.ts): the shard and node(s) it
 * goes to, reads to the primary, a random replica, any node, the user's own replica (sticky) or a
 * quorum, writes to the primary and then to every replica; a call along an edge with
 * `read-from primary` reads the primary.
 */
import { READS } from '../analysis/graph.js';
import { Calls } from './calls.js';
import { ST_NODE, ST_PRIMARY, ST_READ, ST_REPL } from './frames.js';
import { REPL_SEMI, REPL_SYNC, RF_ANY, RF_PRIMARY, RF_STICKY } from './plan.js';
import { mix32 } from './rng.js';

export abstract class Stores extends Calls {
  /** Own service done (or none): the fixed latency, then the calls. */
  protected abstract afterService(f: number): void;

  /** A job on store node group gi for store frame f; awaited when tag is f's current phase. */
  protected nodeJob(f: number, gi: number, tag: number): void {
    const c = this.alloc();
    this.fComp[c] = this.fComp[f]!;
    this.fParent[c] = f;
    this.fTag[c] = tag;
    this.fState[c] = ST_NODE;
    this.fEdge[c] = -1;
    this.fGroup[c] = gi;
    this.fKids[f]!++;
    this.enqueue(c, gi);
  }

  protected storeArrive(f: number, v: number): void {
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
    const e = this.fEdge[f]!;
    const rf = e >= 0 && p.calls.readPrimary[e] ? RF_PRIMARY : p.readFrom[v]!;
    let node = 0;
    if (read) {
      node =
        rf === RF_PRIMARY || R === 0
          ? 0
          : rf === RF_ANY
            ? Math.floor(rng.next() * (R + 1))
            : rf === RF_STICKY
              ? 1 + (mix32(this.fUser[f]!) % R)
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
  protected replicate(f: number): void {
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
