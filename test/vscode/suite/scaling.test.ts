import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, waitFor } from './helpers';

/** Tabs showing the archscale preview webview. */
const previewTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('archscale.preview'));

describe('archscale Scaling view in VS Code', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the preview with its Scaling view beside the editor and draws the charts', async () => {
    const editor = await open('plan.arch');
    // resolves once the webview has drawn its charts (it reports them to the extension)
    const charts = await vscode.commands.executeCommand<string[]>('archscale.showScaling');
    // plan: response times and utilisation; data (imported, no client of its own): utilisation
    assert.deepEqual(charts, ['latency', 'utilization', 'utilization']);
    const tab = await waitFor(() => previewTabs()[0], 'a preview tab');
    assert.equal(tab.label, 'Preview plan.arch');
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the preview opens beside the editor');
    // asked again with the view open: the charts are drawn again from a fresh sweep
    const again = await vscode.commands.executeCommand<string[]>('archscale.showScaling', editor.document.uri);
    assert.deepEqual(again, charts);
    assert.equal(previewTabs().length, 1, 'one preview');
  });
});
