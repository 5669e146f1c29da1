/**
 * The break points of the components whose loads are not linear in the clients' rates
 * (nonlinear.ts): searched over fresh analyses of the scaled model, with a note where retries make
 * one saturate earlier than its load today says. docs/analysis.md section 10.
 */
import type { Graph } from '../analysis/graph.js';
import type { Context } from '../analysis/result-context.js';
import type { Loads } from '../analysis/solve.js';
import { count } from '../wording.js';
import type { LoadNonLinearity } from '../analysis/timeouts.js';
import { firstCrossing, workAt, type ScaledAnalyses } from './nonlinear.js';

const edgeName = (g: Graph, e: number) => `${g.comps[g.from[e]!]!.id} → ${g.comps[g.to[e]!]!.id}`;

/**
 * Where component i saturates in the analyses `x` (today's guess first): the least multiplier at
 * which it is saturated or a breaker upstream of it (closed today) opens. A breaker that opens
 * takes the callee's load with it, so its utilisation falls there: when it was saturated just
 * below, that is where it saturates (`cut`: the breaker), else it never does (its load is cut first).
 */
function saturation(
  x: ScaledAnalyses,
  i: number,
  breakers: readonly number[],
  guess: number,
): { at: number; cut: number } {
  const cap = (Number.isFinite(guess) ? guess : 1) * SEARCH_CAP;
  const open = (c: Loads) => breakers.find((e) => c.g.breakerOpen[e]) ?? -1;
  const at = firstCrossing(
    (m) => {
      const c = x.loadsAt(m);
      const f = c.svc[i]!.utilization - 1;
      return f < 0 && open(c) >= 0 ? 1e-9 : f;
    },
    guess,
    cap,
  );
  if (!Number.isFinite(at) || at === 0) return { at, cut: -1 };
  const c = x.loadsAt(at);
  const cut = c.svc[i]!.utilization < 1 ? open(c) : -1;
  if (cut < 0) return { at, cut };
  return x.loadsAt(at * (1 - 1e-6)).svc[i]!.utilization >= 1 - 1e-4 ? { at, cut } : { at: Infinity, cut: -1 };
}

/** Linear estimates beyond this many times the guess are not searched (a breaker may keep the load off). */
const SEARCH_CAP = 1024;

/**
 * The break points of the components whose loads are not linear: the least multiplier at which a
 * fresh analysis of the scaled model saturates it (with today's instances, and with every pool at its
 * autoscale maximum) and at which its work exceeds its autoscale maximum at the target utilisation.
 * Where that is earlier than the closed form says, the note names the attempts per call just below.
 */
export function searchBreaks(
  ctx: Context,
  nl: LoadNonLinearity,
  scaled: ScaledAnalyses,
  maxed: ScaledAnalyses | null,
  out: {
    u1: Float64Array;
    satAt: Float64Array;
    satAtMax: Float64Array;
    autoscaleMaxAt: Float64Array;
    maxInstances: Int32Array;
    satNote: string[];
  },
): void {
  const g = ctx.g;
  for (let i = 0; i < g.n; i++) {
    const sm = ctx.sms[i]!;
    if (!nl.affected[i] || !sm.hasCapacity) continue;
    const breakers = nl.edges.filter((e) => g.edges[e]!.breaker && !ctx.g.breakerOpen[e] && reaches(g, g.to[e]!, i));
    const guess = out.satAt[i]!;
    const { at: sat, cut } = saturation(scaled, i, breakers, guess);
    out.satAt[i] = sat;
    if (cut >= 0) out.satNote[i] = `the circuit breaker on ${edgeName(g, cut)} opens there: its load stops`;
    else if (sat < guess * (1 - 1e-6) && sat > 0)
      out.satNote[i] = retryNote(g, nl, i, scaled.loadsAt(sat * (1 - 1e-6)), scaled.loadsAt(sat));
    const max = out.maxInstances[i]!;
    if (!maxed || max <= 0) {
      out.satAtMax[i] = sat;
      continue;
    }
    out.satAtMax[i] = saturation(maxed, i, breakers, out.satAtMax[i]!).at;
    const target = ctx.settingsOf(i).targetUtilization;
    const ga = out.autoscaleMaxAt[i]!;
    out.autoscaleMaxAt[i] = firstCrossing(
      (m) => workAt(maxed.loadsAt(m), i) / (max * target) - 1,
      ga,
      (Number.isFinite(ga) ? ga : 1) * SEARCH_CAP,
    );
  }
}

/**
 * "retries on order-api → payments: 1.6 attempts per call" (the retried edge reaching i with the
 * most attempts just below where it saturates; where the attempts jump there, a retry storm setting
 * in, the attempts at it too).
 */
function retryNote(g: Graph, nl: LoadNonLinearity, i: number, below: Loads, at: Loads): string {
  let best = -1;
  for (const e of nl.edges) {
    if (!(g.edges[e]!.retries! > 0) || !reaches(g, g.to[e]!, i)) continue;
    if (best < 0 || at.g.retryFactor[e]! > at.g.retryFactor[best]!) best = e;
  }
  if (best < 0) return '';
  const where = edgeName(g, best);
  const a = below.g.retryFactor[best]!;
  const b = at.g.retryFactor[best]!;
  const jump = b > a * 1.05 ? `, ${count(b)} at it${at.g.retryStorm[best] ? ' (a retry storm)' : ''}` : '';
  const n = count(a);
  return `retries on ${where}: ${n} ${n === '1' ? 'attempt' : 'attempts'} per call just below${jump}`;
}

function reaches(g: Graph, from: number, to: number): boolean {
  if (from === to) return true;
  const seen = new Uint8Array(g.n);
  const stack = [from];
  seen[from] = 1;
  while (stack.length) {
    const u = stack.pop()!;
    for (let p = g.outStart[u]!; p < g.outStart[u + 1]!; p++) {
      const v = g.to[g.outList[p]!]!;
      if (v === to) return true;
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return false;
}
