/** The request error figures on the surfaces: the client's hint and hover, the system lens, analyze's table and JSON. */
import { describe, expect, it } from 'vitest';
import { formatAnalysisTable } from '../../../src/cli/analyze-format.js';
import { analysisToJson, AnalysisJsonSchema } from '../../../src/core/figures/json.js';
import { clientHint, componentHover, systemLenses } from '../../../src/core/present.js';
import type { Slo } from '../../../src/core/model.js';
import { analyzeText } from './helpers.js';

// one M/M/1 server (μ = 100/s) at λ = 50/s, a 40 ms end-to-end timeout: e^−2 = 13.53 % time out, 0.1 % down
const TEXT = `system search {
  slo { p95 200 ms error-rate 0.5 % }
  client users { rate 50 rps timeout 40 ms }
  service api { instances 1 capacity 100 rps availability 99.9 % }
  users -> api
}
`;
const ERR = 0.001 + Math.exp(-2);

describe('error figures on the surfaces', () => {
  it("the client's hint and hover, the system's SLO lens", async () => {
    const a = await analyzeText(TEXT);
    const users = a.components[a.componentIndex['users']!]!;
    expect(clientHint(users, a)).toContain('errors 13.63 %');
    const hover = componentHover(users, undefined, [], () => '', undefined, a.requests);
    expect(hover).toMatch(/\| reads: over the timeout \| 13\.5\d? % \|/);
    expect(hover).toMatch(/\| reads: error rate \| 13\.6\d? % \|/);
    const slo = a.systems[0]!;
    expect(systemLenses(slo, { errorRate: 0.005 } as Slo).slo).toMatch(/error rate ✗ 13\.6\d? % > 0\.5 %/);
  });

  it("the system lens words a small error rate to the target's precision (0.01 %, not 0 %)", async () => {
    const a = await analyzeText(`system s {
  slo { error-rate 0.5 % }
  client users { rate 50 rps }
  service api { instances 1 capacity 100 rps availability 99.99 % }
  users -> api
}
`);
    expect(systemLenses(a.systems[0]!, { errorRate: 0.005 } as Slo).slo).toContain('error rate ✓ 0.01 % ≤ 0.5 %');
  });

  it("analyze's table and JSON", async () => {
    const a = await analyzeText(TEXT);
    const table = formatAnalysisTable(a);
    expect(table).toMatch(/over timeout\s+errors/);
    expect(table).toMatch(/13\.53 %\s+13\.63 %/);
    expect(table).toContain('error-rate SLO MISSED (13.63 %)');
    const j = analysisToJson(a);
    expect(() => AnalysisJsonSchema.parse(JSON.parse(JSON.stringify(j)))).not.toThrow();
    expect(j.requests[0]!.timeoutShare).toBeCloseTo(Math.exp(-2), 6);
    expect(j.requests[0]!.errorRate).toBeCloseTo(ERR, 6);
    expect(j.system.errorRate).toBeCloseTo(ERR, 6);
  });
});
