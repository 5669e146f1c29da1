/**
 * retry-amplification: retries at several layers of a synchronous path multiply. When the bottom
 * fails (or times out) every layer retries the layer below, which retries again: with `retries 2`
 * on three hops, one request makes 3 × 3 × 3 = 27 attempts at the bottom, exactly when it is least
 * able to take them. A layer with a retry budget b multiplies by at most 1 + b.
 *
 * Reported at the deepest retrying edge of a path where at least two layers retry and the worst
 * amplification Π min(rᵢ + 1, 1 + bᵢ) is at least 4 (2 × 2 without budgets; 3 × 3 = 9; one
 * unbudgeted layer with 3 retries behind a budgeted one is 4 × 1.1 = 4.4). The path named is the
 * one of largest product into that edge. Structural: read from the model alone.
 */
import { callerWaits } from '../analysis/graph.js';
import type { Edge } from '../model.js';
import { count, times } from '../wording.js';
import type { Fix, RawFinding, Rule, RuleContext } from './types.js';

/** Worst amplifications at or above this, over two or more retrying layers, are reported. */
export const AMPLIFICATION_THRESHOLD = 4;

function retries(e: Edge): number {
  return e.retries !== undefined && e.retries > 0 && Number.isFinite(e.retries) ? e.retries : 0;
}

function budget(e: Edge): number | undefined {
  return e.retryBudget !== undefined && e.retryBudget >= 0 && Number.isFinite(e.retryBudget)
    ? e.retryBudget
    : undefined;
}

/** A layer's worst amplification: r + 1, or 1 + b with a budget. */
function worst(e: Edge): number {
  const r = retries(e);
  const b = budget(e);
  return b !== undefined ? Math.min(r + 1, 1 + b) : r + 1;
}

/** The largest product of retrying layers over synchronous paths into a component, and the path. */
interface Chain {
  product: number;
  layers: number;
  edges: Edge[];
}

const NONE: Chain = { product: 1, layers: 0, edges: [] };

/** Whether the caller waits for e (not async, not CDC, not out of a queue, stream or store). */
function waitsFor(ctx: RuleContext, e: Edge): boolean {
  const from = ctx.component(e.from);
  return from !== undefined && callerWaits(e, from.kind);
}

function chains(ctx: RuleContext): (id: string) => Chain {
  const memo = new Map<string, Chain>();
  const onStack = new Set<string>();
  const into = (id: string): Chain => {
    const known = memo.get(id);
    if (known) return known;
    if (onStack.has(id)) return NONE; // a cycle: not followed
    onStack.add(id);
    let best = NONE;
    for (const d of ctx.inEdges(id)) {
      if (!waitsFor(ctx, d)) continue;
      const up = into(d.from);
      const r = retries(d) > 0;
      const product = up.product * (r ? worst(d) : 1);
      if (product > best.product || (product === best.product && up.layers + (r ? 1 : 0) > best.layers))
        best = { product, layers: up.layers + (r ? 1 : 0), edges: r || up.edges.length ? [...up.edges, d] : [] };
    }
    onStack.delete(id);
    memo.set(id, best);
    return best;
  };
  return into;
}

/** Whether a retrying synchronous edge is reachable below a component. */
function retriesBelow(ctx: RuleContext): (id: string) => boolean {
  const memo = new Map<string, boolean>();
  const below = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, false); // a cycle: not followed
    let any = false;
    for (const f of ctx.outEdges(id)) {
      if (!waitsFor(ctx, f)) continue;
      if (retries(f) > 0 || below(f.to)) {
        any = true;
        break;
      }
    }
    memo.set(id, any);
    return any;
  };
  return below;
}

export const retryAmplification: Rule = {
  id: 'retry-amplification',
  defaultSeverity: 'warning',
  description: 'Retries at several layers of a synchronous path multiply: 3 × 3 × 3 = 27 attempts at the bottom.',
  concept: 'Retry at one layer (the one that knows), with jitter and a retry budget; never at every layer',
  check(ctx) {
    const out: RawFinding[] = [];
    const into = chains(ctx);
    const below = retriesBelow(ctx);
    for (const e of ctx.model.edges) {
      if (retries(e) === 0 || !waitsFor(ctx, e)) continue;
      const up = into(e.from);
      const layers = up.layers + 1;
      const product = up.product * worst(e);
      if (layers < 2 || product < AMPLIFICATION_THRESHOLD || below(e.to)) continue;
      const path = [...up.edges.filter((d) => retries(d) > 0), e];
      const hops = [...up.edges, e];
      const names = [hops[0]!.from, ...hops.map((d) => d.to)].join(' -> ');
      const factors = path.map((d) => count(worst(d))).join(' × ');
      const full = path.reduce((p, d) => p * (retries(d) + 1), 1);
      const budgets = path.some((d) => budget(d) !== undefined)
        ? ` (the budgets counted; ${count(full)} without them)`
        : '';
      const unbudgeted = path.filter((d) => budget(d) === undefined);
      const fixes: Fix[] = unbudgeted.length
        ? [
            {
              title: `give every retrying layer of ${names} a retry budget of 10 %`,
              operations: unbudgeted.map((d) => ({
                op: 'set-property' as const,
                target: { edge: d.id },
                key: 'budget',
                value: '10 %',
              })),
              preferred: true,
            },
          ]
        : [];
      out.push({
        message: `retries at ${count(path.length)} layers of ${names} multiply: ${factors} = ${count(product)} attempts at ${e.to} per request when it fails or times out${budgets}, a ${times(product)} load on it exactly when it is least able to take it; retry at one layer, with jitter and a retry budget`,
        location: e.propertyLocations.retries ?? e.location,
        related: path.slice(0, -1).map((d) => ({
          location: d.propertyLocations.retries ?? d.location,
          message: `retries ${count(retries(d))} on ${d.from} -> ${d.to}`,
        })),
        components: [e.to, ...path.map((d) => d.from)],
        fixes,
      });
    }
    return out;
  },
};
