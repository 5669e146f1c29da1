/** Timeouts, retries, budgets and breakers where they are read: the edge hover, `analyze` text and JSON. */
import { describe, expect, it } from 'vitest';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analysisToJson, AnalysisJsonSchema } from '../../../src/core/figures/json.js';
import { edgeHover } from '../../../src/core/present.js';
import { analyze, type Analysis } from '../../../src/core/analysis/index.js';
import { loadTexts } from '../../../src/language/workspace.js';

/** The model's analysis (the storm makes pricing overloaded: a rule's error, not a language one). */
async function analyzeText(text: string): Promise<Analysis> {
  const r = await loadTexts({ '/w/a.arch': text });
  expect(r.diagnostics.filter((d) => d.severity === 'error' && !d.message.includes('utilisation'))).toEqual([]);
  return analyze(r.model);
}

// pricing: one instance at 100 of 150 rps; 2 retries on a 30 ms timeout push it past saturation.
// stock: 200 rps, the budget caps the retries at 10 %.
const TEXT = `system shop {
  client users { rate 100 rps }
  service app { instances 2 capacity 1 k rps stateless }
  service pricing { instances 1 capacity 150 rps idempotent }
  service stock { instances 1 capacity 200 rps idempotent }
  users -> app
  app -> pricing reads { timeout 30 ms retries 2 }
  app -> stock reads { timeout 30 ms retries 2 budget 10 % circuit-breaker 50 % }
}`;

describe('timeouts and retries on the surfaces', () => {
  it('the edge hover shows the share timed out, the retry load, the worst amplification, the breaker and a storm', async () => {
    const a = await analyzeText(TEXT);
    const storm = a.edges.find((x) => x.to === 'pricing')!;
    const edge = { id: storm.id, from: 'app', to: 'pricing', traffic: 'reads', timeoutMs: 30, retries: 2 };
    const md = edgeHover(storm, edge as never, undefined);
    expect(md).toContain('| timed out | 100 % |');
    expect(md).toContain('| worst amplification | 3× |');
    expect(md).toContain('**Retry storm:**');
    const calm = a.edges.find((x) => x.to === 'stock')!;
    const md2 = edgeHover(calm, { ...edge, id: calm.id, to: 'stock', retryBudget: 0.1 } as never, undefined);
    expect(md2).toContain('| worst amplification | 1.1× |');
    expect(md2).toContain('| circuit breaker | closed |');
    expect(md2).not.toContain('Retry storm');
  });

  it('analyze prints one row per call with a timeout, retries or breaker; the JSON holds the same', async () => {
    const a = await analyzeText(TEXT);
    const text = formatAnalysisTable(a);
    expect(text).toContain('Timeouts and retries (at the fixed point: retries load the callee)');
    // every column has a header, the breaker's and storm's too
    expect(text).toMatch(/call\s+timed out\s+p99\s+fails\s+attempts\s+retry load\s+goodput\s+worst\s+state\n/);
    expect(text).toMatch(/app → pricing\s+100 %\s+∞\s+100 %\s+3\s+200 rps\s+0 rps\s+3×\s+RETRY STORM/);
    expect(text).toMatch(/app → stock\s+[\d.]+ %.*1\.1×\s+breaker closed/);
    const json = AnalysisJsonSchema.parse(analysisToJson(a));
    expect(json.resilience.map((r) => [r.to, r.retryStorm, r.breaker, r.worstAmplification])).toEqual([
      ['pricing', true, null, 3],
      ['stock', false, 'closed', 1.1],
    ]);
    expect(json.resilience[0]!.callP99Ms).toBeNull();
    expect(json.resilience[1]!.attemptsPerCall).toBeGreaterThan(1);
  });
});
