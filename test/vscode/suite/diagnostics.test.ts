import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, describeDiagnostics, errors, open, waitFor, workspaceFile } from './helpers';

describe('archscale in VS Code', () => {
  it('activates when an .arch file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    const editor = await open('valid.arch');
    assert.equal(editor.document.languageId, 'arch');
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`).catch(async (err: Error) => {
      // Surface why it did not activate (activate() rethrows the extension's own error).
      const why = await ext.activate().then(
        () => 'activate() succeeded when called explicitly',
        (e: Error) => e.stack,
      );
      throw new Error(`${err.message}; ${why}`);
    });
  });

  it('reports a syntax error from the language server on the broken line', async () => {
    const editor = await open('broken.arch');
    const uri = editor.document.uri;
    const line = editor.document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('{{'));
    assert.ok(line >= 0, 'broken.arch must contain a "{{" line');
    await waitFor(
      () => errors(uri).some((d) => d.source === 'archscale' && d.range.start.line === line),
      `an archscale error on line ${line + 1} of broken.arch`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
    });
  });

  it('reports no errors in the valid file', async () => {
    // The server checks the whole workspace; the broken file's error proves it has run.
    await waitFor(() => errors(workspaceFile('broken.arch')).length > 0, 'the server to check the workspace');
    const editor = await open('valid.arch');
    assert.deepEqual(errors(editor.document.uri), [], describeDiagnostics(editor.document.uri));
  });

  it('clears the error once the syntax is fixed', async () => {
    const editor = await open('broken.arch');
    const uri = editor.document.uri;
    await waitFor(() => errors(uri).length > 0, 'the error in broken.arch');
    const text = editor.document.getText();
    const at = text.indexOf('{{');
    const ok = await editor.edit((e) =>
      e.delete(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 1))),
    );
    assert.ok(ok, 'the edit was not applied');
    try {
      await waitFor(() => errors(uri).length === 0, 'the error to clear after the fix').catch((err: Error) => {
        throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
      });
    } finally {
      // Leave the file on disk untouched.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
