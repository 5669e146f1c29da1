import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, waitFor, workspaceFile } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function labelText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

describe('archscale editor features in VS Code', () => {
  it('shows figures with their derivation on hover', async () => {
    const editor = await open('plan.arch');
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('service app'));
    const at = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('app') + 1);
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        at,
      );
      const t = hoverText(hovers ?? []);
      return t.includes('utilisation') ? t : undefined;
    }, 'a hover with figures on app');
    assert.match(text, /\*\*app\*\* · service/);
    assert.match(text, /1k rps \/ 2k rps = 50 %/);
    // users call app directly: arrivals split at random over its 4 instances, one queue each
    assert.match(text, /Erlang C with c = 1/);
  });

  it('puts inlay hints with loads and consistency after components and edges', async () => {
    const editor = await open('plan.arch');
    const doc = editor.document;
    const hints = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      return h && h.length >= 3 ? h : undefined;
    }, 'inlay hints in plan.arch');
    const byLine = hints.map((h) => `${h.position.line}: ${labelText(h)}`);
    const appLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('service app'));
    assert.ok(byLine.includes(`${appLine}: ≈ 1k rps · 50 %`), byLine.join('\n'));
    assert.ok(
      byLine.some((l) => /eventual ≤ 100 ms/.test(l)),
      byLine.join('\n'),
    );
  });

  it('completes component names across files in an edge', async () => {
    const editor = await open('plan.arch');
    const doc = editor.document;
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('app -> users-db'));
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('users-db'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      at,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('users-db'), labels.join(', '));
    assert.ok(labels.includes('app'), labels.join(', '));
  });

  it('renames a component in every file that references it', async () => {
    const lib = await vscode.workspace.openTextDocument(workspaceFile('lib.arch'));
    const line = lib
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('database users-db'));
    const at = new vscode.Position(line, lib.lineAt(line).text.indexOf('users-db') + 2);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      lib.uri,
      at,
      'accounts-db',
    );
    const files = edit
      .entries()
      .map(([uri, edits]) => `${uri.path.split('/').pop()}:${edits.length}`)
      .sort();
    assert.deepEqual(files, ['lib.arch:1', 'plan.arch:1']);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const plan = await vscode.workspace.openTextDocument(workspaceFile('plan.arch'));
    assert.match(plan.getText(), /app -> accounts-db/);
    // Rename back so the other tests see the workspace as it was.
    const back = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      lib.uri,
      at,
      'users-db',
    );
    assert.ok(await vscode.workspace.applyEdit(back));
    await vscode.workspace.saveAll();
  });

  it('formats a document', async () => {
    const editor = await open('plan.arch');
    const doc = editor.document;
    const original = doc.getText();
    await editor.edit((b) =>
      b.replace(
        new vscode.Range(0, 0, doc.lineCount, 0),
        original.replace(
          '  service app { instances 4 capacity 500 rps }',
          'service   app {instances 4 capacity 500 rps}',
        ),
      ),
    );
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
      'vscode.executeFormatDocumentProvider',
      doc.uri,
      { tabSize: 2, insertSpaces: true },
    );
    assert.ok(edits && edits.length > 0, 'the formatter returns edits');
    const we = new vscode.WorkspaceEdit();
    we.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.equal(doc.getText(), original);
    await doc.save();
  });
});

describe('archscale settings in VS Code', () => {
  it('a rule severity set to off in the settings removes its findings, and back', async () => {
    const editor = await open('plan.arch');
    const uri = editor.document.uri;
    const has = () =>
      vscode.languages
        .getDiagnostics(uri)
        .some(
          (d) => d.code === 'read-your-writes' || (typeof d.code === 'object' && d.code.value === 'read-your-writes'),
        );
    await waitFor(has, 'a read-your-writes finding in plan.arch');
    const config = vscode.workspace.getConfiguration('archscale');
    await config.update('rules.read-your-writes.severity', 'off', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => !has(), 'the read-your-writes finding to go once the rule is off');
    } finally {
      await config.update('rules.read-your-writes.severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(has, 'the read-your-writes finding to come back');
  });

  it('offers "Open preview" as a code lens on each system', async () => {
    const editor = await open('plan.arch');
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      return l && l.some((x) => x.command?.command === 'archscale.openPreviewToSide') ? l : undefined;
    }, 'an Open preview code lens');
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => /^max .* rps · bottleneck app$/.test(t)),
      titles.join(' | '),
    );
  });

  it('puts the break points as load grows in a code lens on each system, going to the first to saturate', async () => {
    const editor = await open('plan.arch');
    const lens = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      return l?.find((x) => x.command?.title.startsWith('breaks at'));
    }, 'a break-points code lens');
    // app: 4 × 500 rps for 1,000 rps saturates at 2×; the p95 SLO (200 ms) holds to just below
    assert.match(lens.command!.title, /^breaks at 2× \(app\) · p95 SLO holds to 1\.9\d?×$/);
    assert.equal(lens.command!.command, 'archscale.reveal');
    assert.equal(lens.range.start.line, 2);
  });
});
