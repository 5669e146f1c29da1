import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../src/core/rules/types.js';
import { applyEdits, renderFix } from '../../../src/language/fixes.js';
import { loadTexts } from '../../../src/language/workspace.js';

const TEXT = `system s {
  service one { instances 2 }
  service multi {
    instances 2
    capacity 100 rps
  }
  service bare
  database db
  one -> db
  multi -> db reads { timeout 1 s }
  bare -> one, multi
}
`;

async function apply(fix: Fix, text = TEXT): Promise<{ text: string; errors: string[] }> {
  const r = await loadTexts({ '/w/a.arch': text });
  const docs = { byUri: (u: string) => r.documents.find((d) => d.uri.toString() === u), all: () => r.documents };
  const locate = { edgeLocation: (id: string) => r.model.edges.find((e) => e.id === id)?.location };
  const edits = renderFix(fix, docs, locate);
  const out = applyEdits(text, edits['file:///w/a.arch'] ?? []);
  const after = await loadTexts({ '/w/a.arch': out });
  return {
    text: out,
    errors: after.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`),
  };
}

const set = (component: string, key: string, value: string): Fix => ({
  title: 't',
  operations: [{ op: 'set-property', target: { component }, key, value }],
});

describe('quick-fix rendering', () => {
  it('adds a property to a one-line block', async () => {
    const r = await apply(set('one', 'capacity', '500 rps'));
    expect(r.text).toContain('service one { instances 2 capacity 500 rps }');
    expect(r.errors).toEqual([]);
  });

  it('replaces an existing property', async () => {
    const r = await apply(set('one', 'instances', '5'));
    expect(r.text).toContain('service one { instances 5 }');
  });

  it('adds a property on its own line to a multi-line block', async () => {
    const r = await apply(set('multi', 'stateless', ''));
    expect(r.text).toContain('    capacity 100 rps\n    stateless\n  }');
    expect(r.errors).toEqual([]);
  });

  it('adds braces to a bare declaration', async () => {
    const r = await apply(set('bare', 'instances', '3'));
    expect(r.text).toContain('service bare { instances 3 }');
    expect(r.errors).toEqual([]);
  });

  it('sets an edge property, with and without braces', async () => {
    const a = await apply({
      title: 't',
      operations: [{ op: 'set-property', target: { edge: 'one->db#0' }, key: 'timeout', value: '300 ms' }],
    });
    expect(a.text).toContain('one -> db { timeout 300 ms }');
    const b = await apply({
      title: 't',
      operations: [{ op: 'set-property', target: { edge: 'multi->db#0' }, key: 'retries', value: '2' }],
    });
    expect(b.text).toContain('multi -> db reads { timeout 1 s retries 2 }');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('adds a component after another and an edge at the end, and retargets an edge', async () => {
    const r = await apply({
      title: 'insert a cache',
      operations: [
        { op: 'add-component', system: 's', after: 'db', text: 'cache db-cache { engine redis hit 80 % ttl 60 s }' },
        { op: 'retarget-edge', edge: 'multi->db#0', to: 'db-cache' },
        { op: 'add-edge', system: 's', text: 'db-cache -> db reads' },
      ],
    });
    expect(r.text).toContain('  database db\n  cache db-cache { engine redis hit 80 % ttl 60 s }\n');
    expect(r.text).toContain('multi -> db-cache reads { timeout 1 s }');
    expect(r.text).toContain('  bare -> one, multi\n  db-cache -> db reads\n}');
    expect(r.errors).toEqual([]);
  });

  it('retargets one target of a multi-target edge', async () => {
    const r = await apply({ title: 't', operations: [{ op: 'retarget-edge', edge: 'bare->multi#0', to: 'db' }] });
    expect(r.text).toContain('bare -> one, db');
  });

  it('sets edge modifiers, replacing conflicting ones', async () => {
    const a = await apply({
      title: 't',
      operations: [{ op: 'set-modifiers', edge: 'one->db#0', add: ['async'], remove: ['sync'] }],
    });
    expect(a.text).toContain('one -> db async\n');
    const b = await apply({
      title: 't',
      operations: [{ op: 'set-modifiers', edge: 'multi->db#0', add: ['writes'], remove: ['reads'] }],
    });
    expect(b.text).toContain('multi -> db writes { timeout 1 s }');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('removes a property', async () => {
    const r = await apply({
      title: 't',
      operations: [{ op: 'remove-property', target: { component: 'multi' }, key: 'capacity' }],
    });
    expect(r.text).not.toContain('capacity 100 rps');
    expect(r.errors).toEqual([]);
  });
});
