import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/language/workspace.js';

describe('smoke', () => {
  it('parses', async () => {
    const r = await loadTexts({ '/w/a.arch': `system shop {
  client web { rate 100 rps }
  service api { instances 2 capacity 500 rps }
  web -> api
  web -> apx
}` });
    console.log(JSON.stringify(r.diagnostics, null, 1));
    console.log(JSON.stringify(r.model, null, 1).slice(0, 3000));
    expect(r.model.components.length).toBe(2);
  });
});
