import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, open, waitFor } from './helpers';

const SCHEME = 'archscale-simulation';

/** What `archscale.simulate` resolves to (src/extension/simulate.ts). */
type Outcome =
  | { uri: string; stopped: 'done' | 'cancelled' | 'event-cap'; events: number; wallMs: number }
  | { error: string }
  | { cancelled: true };

const simulationEditors = () => vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === SCHEME);

describe('archscale.simulate in VS Code', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the command to the palette and the .arch editor menus', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    assert.ok((await vscode.commands.getCommands(true)).includes('archscale.simulate'));
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    for (const menu of ['editor/title', 'editor/context'])
      assert.equal(
        pkg.contributes.menus[menu]?.find((m) => m.command === 'archscale.simulate')?.when,
        'resourceLangId == arch',
        menu,
      );
  });

  it('opens the comparison with the analysis beside the editor, read-only Markdown', async () => {
    const editor = await open('valid.arch');
    const outcome = await vscode.commands.executeCommand<Outcome>('archscale.simulate', editor.document.uri, {
      durationS: 2,
    });
    assert.ok(outcome && 'uri' in outcome, `the command answered ${JSON.stringify(outcome)}`);
    assert.equal(outcome.stopped, 'done');
    assert.ok(outcome.events > 0);
    const shown = await waitFor(
      () => simulationEditors().find((e) => e.document.uri.toString() === outcome.uri),
      'the comparison document in an editor',
    );
    const doc = shown.document;
    assert.equal(doc.languageId, 'markdown');
    assert.notEqual(shown.viewColumn, editor.viewColumn, 'the comparison opens beside the editor');
    const text = doc.getText();
    assert.match(text, /^# Simulation of valid\.arch/);
    assert.match(text, /^\| subject \| figure \| analysis \|/m);
    assert.match(text, /^\| api \| /m, text);
    assert.match(text, /^\| web reads \| /m, text);
  });

  it('answers a broken model with its error and opens nothing', async () => {
    const before = simulationEditors().length;
    const editor = await open('broken.arch');
    const outcome = await vscode.commands.executeCommand<Outcome>('archscale.simulate', editor.document.uri, {
      durationS: 1,
    });
    assert.ok(outcome && 'error' in outcome, `the command answered ${JSON.stringify(outcome)}`);
    assert.match(outcome.error, /Fix the errors/);
    assert.equal(simulationEditors().length, before);
  });
});
