import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, describeDiagnostics, waitFor, workspaceFile } from './helpers';

/** Writes a file into the workspace copy and opens it. */
async function writeAndOpen(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

describe('archscale.json in VS Code (jsonValidation)', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('archscale.json')).then(
      () => undefined,
      () => undefined,
    );
  });

  it('shows a problem for a wrong severity and an unknown rule, none for good settings', async () => {
    const text =
      '{\n  "rules": {\n    "overloaded": { "severity": "fatal" },\n    "no-such-rule": { "severity": "error" }\n  }\n}\n';
    const editor = await writeAndOpen('archscale.json', text);
    const uri = editor.document.uri;
    assert.equal(editor.document.languageId, 'json');
    const problems = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.some((x) => x.range.start.line === 2) && d.some((x) => x.range.start.line === 3) ? d : undefined;
    }, 'problems on the wrong severity (line 3) and the unknown rule (line 4) of archscale.json').catch(
      (err: Error) => {
        throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
      },
    );
    const severity = problems.find((x) => x.range.start.line === 2)!;
    assert.match(severity.message, /error.*warning.*info.*hint.*off/s, severity.message);
    assert.equal(editor.document.getText(severity.range).replace(/"/g, ''), 'fatal');

    // fixed: the problems go away
    const fixed = text.replace('fatal', 'error').replace('no-such-rule', 'missing-cache');
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), fixed));
    await waitFor(() => vscode.languages.getDiagnostics(uri).length === 0, 'no problems once fixed').catch(
      (err: Error) => {
        throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
      },
    );
    await editor.document.save();
  });

  it('completes rule ids from the schema', async () => {
    const editor = await writeAndOpen('archscale.json', '{\n  "rules": {\n    \n  }\n}\n');
    const items = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(2, 4),
      );
      const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.some((l) => l.includes('missing-cache')) ? labels : undefined;
    }, 'rule ids in completion inside "rules"');
    assert.ok(
      items.some((l) => l.includes('cap-contradiction')),
      items.join(', '),
    );
  });
});

describe('the $archscale problem matcher in a task', () => {
  const name = 'task-check.arch';
  /** Runs `archscale check task-check.arch` as a task with the $archscale matcher; resolves to its exit code. */
  async function runCheckTask(): Promise<number | undefined> {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const cli = vscode.Uri.joinPath(ext.extensionUri, 'out', 'cli.cjs').fsPath;
    const folder = vscode.workspace.workspaceFolders![0]!;
    const task = new vscode.Task(
      { type: 'process' },
      folder,
      'archscale check',
      'archscale-tests',
      // the extension host's own Node runs the CLI the extension ships
      new vscode.ProcessExecution(process.execPath, [cli, 'check', name], { cwd: folder.uri.fsPath }),
      ['$archscale'],
    );
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'archscale check') {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(task);
    return ended;
  }
  const fromTask = (uri: vscode.Uri) =>
    vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'archscale check');

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(name)).then(
      () => undefined,
      () => undefined,
    );
  });

  it('runs archscale check as a task, shows its problems, and clears them on the next run', async () => {
    const uri = workspaceFile(name);
    const broken = (await vscode.workspace.fs.readFile(workspaceFile('broken.arch'))).slice();
    await vscode.workspace.fs.writeFile(uri, broken);
    assert.equal(await runCheckTask(), 1, 'check exits 1 on a syntax error');
    const problems = await waitFor(() => {
      const d = fromTask(uri);
      return d.length ? d : undefined;
    }, `problems from the task (source "archscale check") on ${name}`).catch((err: Error) => {
      throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
    });
    const brace = new TextDecoder()
      .decode(broken)
      .split(/\r?\n/)
      .findIndex((l) => l.includes('{{'));
    assert.ok(
      problems.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === brace),
      `an error on line ${brace + 1}: ${describeDiagnostics(uri)}`,
    );

    // fixed and run again: the task's problems are replaced (none left)
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(workspaceFile('valid.arch')));
    assert.equal(await runCheckTask(), 0, 'check exits 0 on a valid model');
    await waitFor(() => fromTask(uri).length === 0, "the task's problems to clear after a clean run").catch(
      (err: Error) => {
        throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
      },
    );
  });
});

describe('the Getting Started walkthrough', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('first-model.arch')).then(
      () => undefined,
      () => undefined,
    );
  });

  it('links only to commands that exist', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { walkthroughs: { id: string; steps: { description: string }[] }[] };
    };
    const steps = pkg.contributes.walkthroughs[0]!.steps;
    assert.equal(steps.length, 4);
    // a link activates archscale (onCommand) before running it: registered once active
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const s of steps)
      for (const [, id] of s.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(id!), `${id} exists`);
    // the walkthrough opens
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
  });

  it('creates a first model with a finding and its quick fix', async () => {
    await vscode.commands.executeCommand('archscale.newModel');
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('/first-model.arch') ? e : undefined;
    }, 'first-model.arch in the editor');
    assert.equal(editor.document.languageId, 'arch');
    const uri = editor.document.uri;
    const finding = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.code === 'single-database' || (d.code as { value?: string })?.value === 'single-database'),
      'the single-database finding',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((a) => /read replicas/.test(a.title)),
      `a quick fix adding read replicas: ${actions.map((a) => a.title).join(' | ')}`,
    );
  });
});
