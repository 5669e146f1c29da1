/**
 * The server side of the preview: archscale/diagram answers for a document from its cached
 * insight, validated by the shared zod schema, with declarations and tooltips for every node.
 */
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';
import { diagramResponse } from '../../../src/server/diagram.js';
import { DiagramResponse, FromWebview, PreviewState, ToWebview } from '../../../src/shared/messages.js';
import { contentSecurityPolicy, previewHtml } from '../../../src/shared/preview-html.js';
import { sampleFiles } from '../helpers.js';

async function workspace(files: Record<string, string>) {
  const ws = new ArchscaleWorkspace(memoryFs(files));
  ws.addFiles(Object.keys(files));
  await ws.build();
  return ws;
}

describe('archscale/diagram', () => {
  it('answers for every sample with a valid response: nodes, declarations, tooltips', async () => {
    const files = sampleFiles();
    const ws = await workspace(files);
    for (const path of Object.keys(files)) {
      const uri = URI.file(path).toString();
      const r = diagramResponse(ws.shared, ws.services.insight.InsightService, uri);
      expect(DiagramResponse.parse(r)).toEqual(r);
      expect(r.error).toBeUndefined();
      expect(r.text).toMatch(/^---\nconfig:/);
      const ids = Object.values(r.nodeIds);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const loc = r.locations[id]!;
        expect(loc, id).toBeDefined();
        // The location is the component's name in its file.
        const text = Object.entries(files).find(([p]) => URI.file(p).toString() === loc.uri)![1];
        const line = text.split('\n')[loc.range.start.line]!;
        expect(line.slice(loc.range.start.character, loc.range.end.character)).toBe(id);
        expect(r.details[id]!.name).toBe(id);
        expect(r.details[id]!.rows.length).toBeGreaterThan(0);
      }
      expect(r.timings!.generate).toBeLessThan(1_000);
    }
  });

  it('a file imported by another is drawn within the model that imports it', async () => {
    const files = sampleFiles();
    const ws = await workspace(files);
    const shared = Object.keys(files).find((p) => p.endsWith('identity.arch'))!;
    const r = diagramResponse(ws.shared, ws.services.insight.InsightService, URI.file(shared).toString());
    expect(Object.values(r.nodeIds)).toContain('auth');
    expect(Object.values(r.nodeIds).length).toBeGreaterThan(2);
  });

  it('reports a syntax error instead of a diagram (the preview keeps the last good one)', async () => {
    const ws = await workspace({ '/w/a.arch': 'system s {\n  service api { instances 2 }\n  api -> {{\n}\n' });
    const r = diagramResponse(ws.shared, ws.services.insight.InsightService, URI.file('/w/a.arch').toString());
    expect(DiagramResponse.parse(r)).toEqual(r);
    expect(r.text).toBe('');
    expect(r.error).toMatch(
      /^A syntax error in a\.arch, first on line 3: |^\d+ syntax errors in a\.arch, first on line 3: /,
    );
  });

  it('keeps the last good diagram while a typo leaves components unsure (a misspelt kind)', async () => {
    const files: Record<string, string> = {
      '/w/a.arch': 'system s {\n  client c { rate 5 rps }\n  service api { instances 2 }\n  c -> api\n}\n',
    };
    const ws = await workspace(files);
    const uri = URI.file('/w/a.arch').toString();
    const good = diagramResponse(ws.shared, ws.services.insight.InsightService, uri);
    expect(good.error).toBeUndefined();
    files['/w/a.arch'] = files['/w/a.arch']!.replace('service api', 'servce api');
    await ws.shared.workspace.DocumentBuilder.update([URI.file('/w/a.arch')], []);
    const r = diagramResponse(ws.shared, ws.services.insight.InsightService, uri);
    expect(DiagramResponse.parse(r)).toEqual(r);
    expect(r.text).toBe('');
    expect(r.error).toBe("An error in a.arch, line 3: unknown kind of component 'servce'; did you mean 'service'?");
  });

  it('answers for a document the server does not know with an error', async () => {
    const ws = await workspace({ '/w/a.arch': 'system s { }\n' });
    const r = diagramResponse(ws.shared, ws.services.insight.InsightService, 'file:///nowhere.arch');
    expect(r.error).toMatch(/not loaded/);
  });
});

describe('preview messages and page', () => {
  it('validates both directions', () => {
    expect(FromWebview.safeParse({ type: 'reveal', componentId: 'api' }).success).toBe(true);
    expect(FromWebview.safeParse({ type: 'reveal', componentId: '' }).success).toBe(false);
    expect(FromWebview.safeParse({ type: 'export', format: 'pdf', content: 'x' }).success).toBe(false);
    expect(FromWebview.safeParse({ type: 'run', command: 'rm -rf /' }).success).toBe(false);
    expect(
      ToWebview.safeParse({
        type: 'diagram',
        seq: 1,
        title: 'a.arch',
        diagram: { uri: 'u', text: 't', nodeIds: { '<script>': 'x' }, locations: {}, details: {}, warnings: [] },
      }).success,
    ).toBe(false);
    expect(PreviewState.safeParse({ uri: 'file:///a.arch', view: { scale: 1, x: 0, y: 0 } }).success).toBe(true);
    expect(PreviewState.safeParse({ view: { scale: -1, x: 0, y: 0 } }).success).toBe(false);
  });

  it('has a nonce CSP that loads nothing from the network', () => {
    const csp = contentSecurityPolicy({ cspSource: 'vscode-webview://x', nonce: 'abcdefghijklmnop0123' });
    expect(csp).toBe(
      "default-src 'none'; script-src 'nonce-abcdefghijklmnop0123'; style-src vscode-webview://x 'unsafe-inline'; img-src vscode-webview://x data:; font-src vscode-webview://x",
    );
    const html = previewHtml({
      cspSource: 'vscode-webview://x',
      nonce: 'abcdefghijklmnop0123',
      scriptUri: 'vscode-webview://x/out/preview.js?a=1&b="2"',
    });
    expect(html).toContain(
      '<script nonce="abcdefghijklmnop0123" src="vscode-webview://x/out/preview.js?a=1&amp;b=&quot;2&quot;"></script>',
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(() => previewHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'y' })).toThrow(/nonce/);
  });
});
