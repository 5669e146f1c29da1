/**
 * What a request's or a path's latency derivation says about the calls on its way that are not
 * plain sequential calls (issue 16): a timeout (the share of attempts it cuts, retries), an
 * optional call, a fallback, an open breaker, a parallel group. Built only when a text is read.
 */
import type { ClassIndex, Graph } from './graph.js';
import { isCall } from './calls.js';
import * as words from '../wording.js';

/** Notes named one by one; the rest are counted. */
const NAMED = 4;

/**
 * The note for one call edge, or null for a plain call. `groupOnce`: a parallel group is named on
 * its first edge only (a call tree's notes name each group once).
 */
export function callNote(g: Graph, e: number, groupOnce = false): string | null {
  const ed = g.edges[e]!;
  const from = g.comps[g.from[e]!]!.id;
  const to = g.comps[g.to[e]!]!.id;
  const parts: string[] = [];
  if (g.breakerOpen[e] === 1)
    parts.push(
      `circuit breaker open: fails fast${ed.fallback || ed.optional ? ', answered without it' : ', the call fails'}`,
    );
  if (ed.parallelGroup !== undefined) {
    const others: string[] = [];
    let first = true;
    for (let j = g.outStart[g.from[e]!]!; j < g.outStart[g.from[e]! + 1]!; j++) {
      const f = g.outList[j]!;
      if (f === e || g.edges[f]!.parallelGroup !== ed.parallelGroup) continue;
      others.push(g.comps[g.to[f]!]!.id);
      if (f < e) first = false;
    }
    if (others.length && (first || !groupOnce)) parts.push(`parallel with ${others.join(', ')}: waits for the slowest`);
  }
  const tau = ed.timeoutMs;
  if (tau !== undefined && tau > 0 && Number.isFinite(tau)) {
    const r = ed.retries !== undefined && ed.retries > 0 ? ed.retries : 0;
    const s = g.timeoutShare[e]!;
    parts.push(
      `timeout ${words.duration(tau)} cuts ${words.percent(s)} of attempts${r > 0 ? `, retried up to ${r}×` : ''} (each attempt capped at ${words.duration(tau)})`,
    );
  }
  if (ed.optional) parts.push(`optional: its failure or timeout does not fail ${from}`);
  else if (ed.fallback && g.breakerOpen[e] !== 1) parts.push(`fallback: its failure does not fail ${from}`);
  return parts.length ? `${from} → ${to}: ${parts.join('; ')}` : null;
}

/** Whether an edge carries any of the properties `callNote` describes (cheap: no text built). */
function noted(g: Graph, e: number): boolean {
  const ed = g.edges[e]!;
  return (
    ed.timeoutMs !== undefined ||
    ed.optional === true ||
    ed.fallback === true ||
    ed.parallelGroup !== undefined ||
    g.breakerOpen[e] === 1
  );
}

function joinNotes(notes: string[], more: number): string {
  if (!notes.length) return '';
  return `; ${notes.join('; ')}${more > 0 ? ` and ${more} more such call${more > 1 ? 's' : ''}` : ''}`;
}

/** Notes on the class-k calls reachable from node `root` (its whole synchronous call tree), `; …` or ''. */
export function treeNotes(g: Graph, k: ClassIndex, root: number): string {
  const seen = new Uint8Array(g.n);
  const stack = [root];
  seen[root] = 1;
  const notes: string[] = [];
  let more = 0;
  while (stack.length) {
    const u = stack.pop()!;
    if (!(g.gain[k][u]! > 0)) continue;
    for (let j = g.outStart[u]!; j < g.outStart[u + 1]!; j++) {
      const e = g.outList[j]!;
      if (!isCall(g, k, e)) continue;
      const note = noted(g, e) ? callNote(g, e, true) : null;
      if (note !== null) {
        if (notes.length < NAMED) notes.push(note);
        else more++;
      }
      const v = g.to[e]!;
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return joinNotes(notes, more);
}

/** Notes on the calls along a path's edges (`; …` or ''). */
export function pathNotes(g: Graph, edges: readonly number[]): string {
  const notes: string[] = [];
  let more = 0;
  for (const e of edges) {
    if (!noted(g, e)) continue;
    const n = callNote(g, e);
    if (!n) continue;
    if (notes.length < NAMED) notes.push(n);
    else more++;
  }
  return joinNotes(notes, more);
}
