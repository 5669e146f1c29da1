/**
 * archscale in Restricted Mode: workspace trust enabled, the folder not trusted, archscale
 * installed from its .vsix (not under development, which trust never disables). The manifest's
 * `capabilities.untrustedWorkspaces` is what keeps it enabled here.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, describeDiagnostics, errors, open, waitFor } from '../suite/helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('archscale in Restricted Mode (an untrusted folder)', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs in a folder that is not trusted, installed (not under development)', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder must be untrusted (Restricted Mode)');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not enabled in Restricted Mode`);
    // installed extensions live in <extensions-dir>/<publisher>.<name>-<version>
    assert.match(ext.extensionUri.path, /\/archscale\.archscale-\d/, 'installed from the .vsix, not under development');
    const caps = (ext.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported: unknown } } }).capabilities;
    assert.equal(caps?.untrustedWorkspaces?.supported, true);
    await open('valid.arch');
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
  });

  it('reports diagnostics', async () => {
    const editor = await open('broken.arch');
    const uri = editor.document.uri;
    const line = editor.document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('{{'));
    await waitFor(
      () => errors(uri).some((d) => d.source === 'archscale' && d.range.start.line === line),
      `an archscale error on line ${line + 1} of broken.arch`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
    });
  });

  it('shows hovers with derivations and inlay hints', async () => {
    const editor = await open('plan.arch');
    const doc = editor.document;
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('service app'));
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('app') + 1);
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      const t = hoverText(hovers ?? []);
      return t.includes('utilisation') ? t : undefined;
    }, 'a hover with figures on app');
    assert.match(text, /1k rps \/ 2k rps = 50 %/);
    const hints = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      return h && h.length >= 3 ? h : undefined;
    }, 'inlay hints in plan.arch');
    assert.ok(
      hints.some((h) => h.position.line === line),
      'a hint on the app line',
    );
  });

  it('opens the preview', async () => {
    await open('valid.arch');
    await vscode.commands.executeCommand('archscale.openPreviewToSide');
    const tab = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('archscale.preview')),
      'a preview tab',
    );
    assert.equal(tab.label, 'Preview valid.arch');
  });
});
