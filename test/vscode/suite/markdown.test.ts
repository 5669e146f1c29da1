import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceFile } from './helpers';

/**
 * Asks the launcher (scripts/code-server-launcher.mjs) what the page's frames show: the extension
 * host cannot see inside a webview. Undefined when nothing answers (not run by the launcher).
 */
async function probe(selector: string, timeoutMs = 5_000): Promise<{ count: number; texts: string[] } | undefined> {
  const reply = path.join(os.tmpdir(), `archscale-probe-${process.pid}-${Date.now()}-${Math.random()}.json`);
  console.log(`[archscale-probe] ${JSON.stringify({ selector, reply })}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(reply)) {
      const r = JSON.parse(fs.readFileSync(reply, 'utf8')) as { count: number; texts: string[] };
      fs.rmSync(reply, { force: true });
      return r;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

const VALID = [
  '```arch',
  'system shop {',
  '  client web { rate 900 rps }',
  '  service api { instances 2 capacity 500 rps }',
  '  web -> api',
  '}',
  '```',
  '',
].join('\n');

describe('archscale in the Markdown preview', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes a markdown-it plugin, a preview script and a style', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Record<string, unknown> };
    assert.equal(pkg.contributes['markdown.markdownItPlugins'], true);
    assert.deepEqual(pkg.contributes['markdown.previewScripts'], ['./out/preview.js']);
    assert.deepEqual(pkg.contributes['markdown.previewStyles'], ['./media/markdown-preview.css']);
  });

  it("VS Code's Markdown engine renders an arch block as the diagram and figures (after a placeholder)", async () => {
    const render = () => vscode.commands.executeCommand<string>('markdown.api.render', VALID);
    const html = await waitFor(async () => {
      const h = await render();
      return h.includes('archscale-mermaid') ? h : undefined;
    }, 'the arch block analysed');
    assert.match(html, /<pre class="archscale-mermaid">[^<]*flowchart TB/);
    assert.match(html, /<td>api<\/td><td>service<\/td><td>900 rps<\/td><td>90 %<\/td>/);
    assert.doesNotMatch(html, /analysing…/);
  });

  it('the Markdown preview draws the diagram (an SVG), and a broken block shows its errors', async function () {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('design.md'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    if (!(await probe('body'))) this.skip(); // not run by the launcher: nothing can look into the webview
    const nodes = await waitFor(
      async () => {
        const r = await probe('.archscale-diagram.archscale-drawn .archscale-svg svg g.node');
        return r && r.count >= 3 ? r : undefined;
      },
      "the diagram's SVG in the Markdown preview",
      60_000,
    );
    assert.equal(nodes.count, 3, `nodes: ${JSON.stringify(nodes.texts)}`);
    assert.ok(
      nodes.texts.some((t) => t.startsWith('api')),
      JSON.stringify(nodes.texts),
    );
    const figures = await probe('table.archscale-components td');
    assert.ok(figures?.texts.includes('90 %'), JSON.stringify(figures?.texts));
    const errors = await probe('.archscale-errors .archscale-error-list li');
    assert.ok(errors && errors.count >= 1 && errors.texts.some((t) => t.startsWith('line 3:')), JSON.stringify(errors));
    // The other fence is left to markdown-it.
    assert.equal((await probe('code.language-js'))?.count, 1);
  });
});
