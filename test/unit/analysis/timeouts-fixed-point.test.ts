/**
 * The timeout fixed point (timeouts.ts, issue 16), each against a hand-computed case: a client at
 * 100 rps calls an M/M/1 service (capacity C rps: μ = C/s) with a per-attempt timeout τ and r
 * retries. Every attempt loads the callee, so λ' = 100 × attempts, its response is Exp(μ − λ'),
 * s = P(T > τ) = e^{−(μ−λ')τ}, q = s (the callee is always up) and attempts = 1 + q + … + q^r:
 * solved here by iterating those formulas by hand and compared with the analysis.
 */
import { describe, expect, it } from 'vitest';
import {
  analyze,
  figureChanges,
  generateModel,
  sameEdgeFigures,
  type Analysis,
} from '../../../src/core/analysis/index.js';
import { buildGraph } from '../../../src/core/analysis/graph.js';
import { timeoutDependentEdges } from '../../../src/core/analysis/timeouts.js';
import { analyzeLoads } from '../../../src/core/analysis/solve.js';
import { scaledModel } from '../../../src/core/scaling/nonlinear.js';
import { internalsOf } from '../../../src/core/analysis/result-context.js';
import { byId, comp, edge, edgeOf, model, nonFinite, type EdgeProps } from './helpers.js';

function single(props: EdgeProps, capacityRps: number, availability?: number): Analysis {
  return analyze(
    model(
      [
        comp('c', 'client', { rateRps: 100 }),
        comp('s', 'service', availability !== undefined ? { capacityRps, availability } : { capacityRps }),
      ],
      [edge('c', 's', props)],
    ),
  );
}

/** The fixed point by hand: attempts a with λ' = 100a, s = e^{−(C − λ')τ/1000}, a = Σ_{j≤r} s^j (capped at 1 + b). */
function byHand(capacityRps: number, tauMs: number, r: number, b = Infinity): { a: number; s: number; steps: number } {
  let a = 1;
  for (let steps = 1; steps < 100_000; steps++) {
    const s = Math.exp((-(capacityRps - 100 * a) * tauMs) / 1000);
    let next = 0;
    for (let j = 0; j <= r; j++) next += s ** j;
    next = Math.min(next, 1 + b);
    if (Math.abs(next - a) < 1e-13) return { a: next, s, steps };
    a = next;
  }
  throw new Error('no fixed point by hand');
}

describe('timeouts and retries: the fixed point', () => {
  it('M/M/1 callee (C = 200 rps), τ = 30 ms, 2 retries: attempts and load at the fixed point', () => {
    const hand = byHand(200, 30, 2);
    // the first steps, written out: s₀ = e^{−3} at 100 rps, then the retries' load raises it
    const s0 = Math.exp(-3);
    const a1 = 1 + s0 + s0 * s0;
    expect(a1).toBeCloseTo(1.05227, 5);
    const s1 = Math.exp((-(200 - 100 * a1) * 30) / 1000);
    expect(s1).toBeGreaterThan(s0);
    expect(hand.steps).toBeGreaterThan(3);
    expect(hand.a).toBeCloseTo(1.06396, 5);

    const an = single({ timeoutMs: 30, retries: 2 }, 200);
    const e = edgeOf(an, 'c', 's');
    expect(e.retryFactor.value).toBeCloseTo(hand.a, 8);
    expect(byId(an, 's').load.total.value).toBeCloseTo(100 * hand.a, 6);
    const res = e.resilience!;
    expect(res.timeoutShare.value).toBeCloseTo(hand.s, 8);
    expect(res.attemptFailure.value).toBeCloseTo(hand.s, 8);
    expect(res.retryLoad.value).toBeCloseTo(100 * (hand.a - 1), 6);
    // a call succeeds unless all 3 attempts time out: 100 × (1 − s³)
    expect(res.goodput.value).toBeCloseTo(100 * (1 - hand.s ** 3), 6);
    expect(res.worstAmplification.value).toBe(3);
    expect(res.retryStorm).toBe(false);
    expect(res.breaker).toBeNull();
    expect(res.timeoutShare.text).toContain('30 ms');
  });

  it('a retry budget caps the attempts at 1 + b (C = 150 rps, τ = 30 ms, 2 retries, budget 10 %)', () => {
    // uncapped this callee is pushed past saturation; capped at 1.1 attempts it carries 110 rps
    const hand = byHand(150, 30, 2, 0.1);
    expect(hand.a).toBe(1.1);
    expect(hand.s).toBeCloseTo(Math.exp(-1.2), 12);
    const an = single({ timeoutMs: 30, retries: 2, retryBudget: 0.1 }, 150);
    const e = edgeOf(an, 'c', 's');
    expect(e.retryFactor.value).toBeCloseTo(1.1, 12);
    expect(byId(an, 's').load.total.value).toBeCloseTo(110, 9);
    expect(e.resilience!.timeoutShare.value).toBeCloseTo(Math.exp(-1.2), 8);
    expect(e.resilience!.worstAmplification.value).toBeCloseTo(1.1, 12);
    expect(e.resilience!.retryStorm).toBe(false);
    // goodput: (1 − q) per attempt × 1.1 attempts
    expect(e.resilience!.goodput.value).toBeCloseTo(100 * (1 - Math.exp(-1.2)) * 1.1, 6);
  });

  it('retries that push the callee past saturation are a retry storm, with the loads at the worst amplification', () => {
    // by hand: 100 rps → s = e^{−1.5}, a = 1.273; 127 rps → s = 0.51, a = 1.76: over 150 rps
    const s0 = Math.exp(-1.5);
    const a1 = 1 + s0 + s0 * s0;
    const s1 = Math.exp((-(150 - 100 * a1) * 30) / 1000);
    expect(100 * (1 + s1 + s1 * s1)).toBeGreaterThan(150);
    const an = single({ timeoutMs: 30, retries: 2 }, 150);
    const e = edgeOf(an, 'c', 's');
    expect(e.resilience!.retryStorm).toBe(true);
    expect(e.retryFactor.value).toBe(3);
    expect(byId(an, 's').load.total.value).toBeCloseTo(300, 9);
    expect(e.resilience!.timeoutShare.value).toBe(1);
    expect(e.resilience!.goodput.value).toBe(0);
    expect(nonFinite(JSON.parse(JSON.stringify(e)))).toEqual([]);
    // without the retries the same callee holds (100 of 150 rps): no storm, one attempt
    const calm = single({ timeoutMs: 30 }, 150);
    expect(byId(calm, 's').load.total.value).toBeCloseTo(100, 9);
    expect(edgeOf(calm, 'c', 's').resilience!.retryStorm).toBe(false);
  });

  it('a circuit breaker opens at its threshold: the callee gets none of the edge load', () => {
    // C = 150 rps at 100 rps: s = e^{−1.5} = 22.3 % of attempts time out
    const s = Math.exp(-1.5);
    const open = single({ timeoutMs: 30, breaker: { threshold: 0.2 } }, 150);
    const e = edgeOf(open, 'c', 's');
    expect(e.resilience!.breaker).toBe('open');
    expect(byId(open, 's').load.total.value).toBe(0);
    expect(e.resilience!.goodput.value).toBe(0);
    // just above the share it stays closed, and the callee carries the calls
    const closed = single({ timeoutMs: 30, breaker: { threshold: s + 0.01 } }, 150);
    expect(edgeOf(closed, 'c', 's').resilience!.breaker).toBe('closed');
    expect(byId(closed, 's').load.total.value).toBeCloseTo(100, 9);
    // a callee that fails half its attempts opens a 50 % breaker without any timeout
    const down = single({ breaker: { threshold: 0.5 } }, 1000, 0.5);
    expect(edgeOf(down, 'c', 's').resilience!.breaker).toBe('open');
    expect(byId(down, 's').load.total.value).toBe(0);
  });

  it('a breaker opened by retries does not flap: it stays open once the callee recovers', () => {
    // retries push s past 50 %, the breaker opens, the callee (now idle) would close it again
    const an = single({ timeoutMs: 30, retries: 2, breaker: { threshold: 0.5 } }, 150);
    const e = edgeOf(an, 'c', 's');
    expect(e.resilience!.breaker).toBe('open');
    expect(e.resilience!.retryStorm).toBe(false);
    expect(byId(an, 's').load.total.value).toBe(0);
  });

  it('no retries and no breaker: one pass, and the timeout still shows the share it cuts', () => {
    const an = single({ timeoutMs: 30 }, 200);
    const g = internalsOf(an)!.g;
    expect(g.retryFactor[0]).toBe(1);
    expect(edgeOf(an, 'c', 's').resilience!.timeoutShare.value).toBeCloseTo(Math.exp(-3), 9);
    expect(edgeOf(an, 'c', 's').resilience!.worstAmplification.value).toBe(1);
    // an edge with none of it has no resilience figures
    expect(edgeOf(single({}, 200), 'c', 's').resilience).toBeNull();
  });
});

describe('when the fixed point runs', () => {
  it('a generated 10,000-component model (timeouts, no retries or breakers) takes one pass', () => {
    const g = buildGraph(generateModel(10_000, 1));
    expect(g.edges.some((e) => e.timeoutMs !== undefined)).toBe(true);
    expect(timeoutDependentEdges(g)).toEqual([]);
  });
});

describe('the loads alone (solve.ts analyzeLoads, what the sweep searches read)', () => {
  it("are the full analysis's loads, attempts, breakers and storms, on generated models with retries and breakers", () => {
    let storms = 0;
    let opened = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const base = generateModel(200, seed);
      const m = {
        ...base,
        edges: base.edges.map((e, k) =>
          k % 3 === 0
            ? { ...e, timeoutMs: e.timeoutMs ?? 20, retries: 2 }
            : k % 7 === 1
              ? { ...e, timeoutMs: e.timeoutMs ?? 20, breaker: { threshold: 0.3 } }
              : e,
        ),
      };
      for (const x of [1, 2.5, 6]) {
        const scaled = scaledModel(m, x);
        const full = internalsOf(analyze(scaled))!;
        const loads = analyzeLoads(scaled);
        expect(Array.from(loads.load.arr), `seed ${seed} at ${x}×`).toEqual(Array.from(full.load.arr));
        expect(Array.from(loads.g.retryFactor)).toEqual(Array.from(full.g.retryFactor));
        expect(Array.from(loads.g.breakerOpen)).toEqual(Array.from(full.g.breakerOpen));
        expect(Array.from(loads.g.retryStorm)).toEqual(Array.from(full.g.retryStorm));
        expect(loads.svc.map((s) => s.utilization)).toEqual(full.svc.map((s) => s.utilization));
        storms += full.g.retryStorm.reduce((a, b) => a + b, 0);
        opened += full.g.breakerOpen.reduce((a, b) => a + b, 0);
      }
    }
    // the cases cover what the fixed point decides: retries that settle, storms, breakers that open
    expect(storms).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(0);
  });
});

describe('near the point where the retries would saturate the callee', () => {
  it('C = 177.38 rps (the retries saturate below 177.28): the slow climb is extrapolated to the fixed point, no storm', () => {
    // by hand the plain iteration takes hundreds of steps: its rate F'(a) is close to 1 here
    const hand = byHand(177.38, 30, 2);
    expect(hand.steps).toBeGreaterThan(150);
    expect(hand.a).toBeCloseTo(1.25896, 5);
    const an = single({ timeoutMs: 30, retries: 2 }, 177.38);
    const e = edgeOf(an, 'c', 's');
    expect(e.resilience!.retryStorm).toBe(false);
    expect(e.retryFactor.value).toBeCloseTo(hand.a, 6);
    expect(byId(an, 's').load.total.value).toBeCloseTo(100 * hand.a, 4);
    // just below the critical capacity there is no fixed point below saturation: a storm
    const storm = single({ timeoutMs: 30, retries: 2 }, 177.2);
    expect(edgeOf(storm, 'c', 's').resilience!.retryStorm).toBe(true);
    expect(byId(storm, 's').load.total.value).toBeCloseTo(300, 9);
  });
});

describe('comparing two analyses', () => {
  it("an edge's figures differ when only its timeout share does (the callee slowed down, the flow is the same)", () => {
    const e = edge('c', 's', { timeoutMs: 30 });
    const c = comp('c', 'client', { rateRps: 100 });
    const fast = analyze(model([c, comp('s', 'service', { capacityRps: 200 })], [e]));
    const slow = analyze(model([c, comp('s', 'service', { capacityRps: 150 })], [e]), { previous: fast });
    expect(slow.edges[0]!.load.total.value).toBe(fast.edges[0]!.load.total.value);
    expect(sameEdgeFigures(fast.edges[0]!, slow.edges[0]!, false)).toBe(false);
    expect(figureChanges(fast, slow)!.edges.has(e.id)).toBe(true);
    // the same model again: the same figures
    const again = analyze(model([c, comp('s', 'service', { capacityRps: 200 })], [e]), { previous: fast });
    expect(again.edges[0]!.resilience!.timeoutShare.value).toBe(fast.edges[0]!.resilience!.timeoutShare.value);
  });
});
