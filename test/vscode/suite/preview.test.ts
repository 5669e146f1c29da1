import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, open, waitFor } from './helpers';

/** Tabs showing the archscale preview webview. */
const previewTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('archscale.preview'));

describe('archscale preview in VS Code', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the preview commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['archscale.openPreview', 'archscale.openPreviewToSide'])
      assert.ok(commands.includes(c), `${c} is not registered`);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const title = pkg.contributes.menus['editor/title']?.find((m) => m.command === 'archscale.openPreviewToSide');
    assert.equal(title?.when, 'resourceLangId == arch');
  });

  it('opens one preview beside the .arch editor and reuses it', async () => {
    const editor = await open('valid.arch');
    await vscode.commands.executeCommand('archscale.openPreviewToSide');
    const tab = await waitFor(() => previewTabs()[0], 'a preview tab');
    assert.equal(tab.label, 'Preview valid.arch');
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the preview opens beside the editor');
    // The editor keeps the focus (like Markdown's "Open Preview to the Side").
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    await vscode.commands.executeCommand('archscale.openPreviewToSide');
    assert.equal(previewTabs().length, 1, 'a second command reuses the panel');
  });

  it('follows the active .arch editor', async () => {
    await open('broken.arch');
    await waitFor(() => previewTabs()[0]?.label === 'Preview broken.arch', 'the preview to follow broken.arch');
  });
});
