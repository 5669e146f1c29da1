import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';

const TEXT = 'system s {\n  client c { rate 100 rps }\n  service a { capacity 1 k rps }\n  c -> a\n}\n';

describe('insight service', () => {
  it('gives no insight (and caches none) before the documents are linked, then the right one', async () => {
    const ws = new ArchscaleWorkspace(memoryFs({ '/w/a.arch': TEXT }));
    const [doc] = ws.addFiles(['/w/a.arch']);
    const insight = ws.services.insight.InsightService;
    const uri = URI.file('/w/a.arch').toString();
    // Parsed only: a model now would have no edges (references are not linked).
    expect(insight.forRoot(uri)).toBeUndefined();
    await ws.shared.workspace.DocumentBuilder.build([doc!], { validation: true });
    const i = insight.forRoot(uri)!;
    expect(i.model.edges.map((e) => e.id)).toEqual(['c->a#0']);
    expect(i.analysis.components[i.analysis.componentIndex['a']!]!.load.total.value).toBe(100);
  });

  it('analyses an imported file within the closure of the file that imports it', async () => {
    const ws = new ArchscaleWorkspace(
      memoryFs({
        '/w/main.arch': 'import "./lib.arch"\nsystem s {\n  client c { rate 50 rps }\n  c -> db\n}\n',
        '/w/lib.arch': 'system data {\n  database db { capacity 100 rps }\n}\n',
      }),
    );
    ws.addFiles(['/w/main.arch']);
    await ws.build();
    const insight = ws.services.insight.InsightService;
    const lib = URI.file('/w/lib.arch').toString();
    expect(insight.rootsOf(lib)).toEqual([URI.file('/w/main.arch').toString()]);
    const [i] = insight.forDocument(lib);
    expect(i!.analysis.components[i!.analysis.componentIndex['db']!]!.load.total.value).toBe(50);
  });

  it('while a typo leaves components unsure, keeps their findings and figures from before it (moved with their lines)', async () => {
    const good =
      'system s {\n  client c { rate 900 rps }\n  service a { instances 2 capacity 400 rps }\n  database d { capacity 5 k rps }\n  c -> a\n  a -> d\n}\n';
    const files: Record<string, string> = { '/w/a.arch': good };
    const ws = new ArchscaleWorkspace(memoryFs(files));
    const [doc] = ws.addFiles(['/w/a.arch']);
    await ws.shared.workspace.DocumentBuilder.build([doc!], { validation: true });
    const insight = ws.services.insight.InsightService;
    const uri = URI.file('/w/a.arch').toString();
    const before = insight.forRoot(uri)!;
    const overloaded = before.findings.filter((f) => f.rule === 'overloaded');
    expect(overloaded.map((f) => f.components[0])).toEqual(['a']);
    expect(before.before).toBeUndefined();

    // A broken edge typed on a new line above `a`: `a` and what its figures flow into or from are
    // unsure; the finding stays, one line lower; the figures are the last good ones.
    files['/w/a.arch'] = good.replace('  service a', '  c -> a @\n  service a');
    await ws.shared.workspace.DocumentBuilder.update([URI.file('/w/a.arch')], []);
    const broken = insight.forRoot(uri)!;
    expect(broken.model.unsettled).toContain('a');
    expect([...broken.before!.unsure].sort()).toEqual(['a', 'c', 'd']);
    const kept = broken.findings.filter((f) => f.rule === 'overloaded');
    expect(kept.map((f) => [f.message, f.location.range.start.line])).toEqual(
      overloaded.map((f) => [f.message, f.location.range.start.line + 1]),
    );
    const i = broken.before!.analysis.componentIndex['a']!;
    expect(broken.before!.analysis.components[i]!.capacity.value).toBe(800);

    // Fixed: the figures are the new ones again, nothing is carried.
    files['/w/a.arch'] = good.replace('capacity 400 rps', 'capacity 500 rps');
    await ws.shared.workspace.DocumentBuilder.update([URI.file('/w/a.arch')], []);
    const fixed = insight.forRoot(uri)!;
    expect(fixed.before).toBeUndefined();
    expect(fixed.analysis.components[fixed.analysis.componentIndex['a']!]!.capacity.value).toBe(1000);
  });
});

describe('a misspelt name as near two components', () => {
  it('leaves both unsure (the suggestion names one; the writer may have meant the other)', async () => {
    const { loadTexts } = await import('../../../src/language/workspace.js');
    const r = await loadTexts({
      '/w/t.arch':
        'system s {\n  client u { rate 10 rps }\n  loadbalancer lb\n  service web { capacity 100 rps }\n  u -> lb\n  lb -> wb\n}\n',
    });
    expect(r.model.unsettled).toEqual(expect.arrayContaining(['wb', 'lb', 'web']));
  });
});
