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
});
