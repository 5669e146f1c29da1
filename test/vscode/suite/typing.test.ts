// Issue 13, part 5: a typo typed into a sample, as a user types it, in the real editor. One problem
// at its line in the Problems (`getDiagnostics`), with its "did you mean"; no other problem appears
// or vanishes (the findings of the components the error leaves unsure are kept as they were, and
// their inlay hints say "as before the error"); the fix brings the Problems back exactly as before.
// The same for a deleted `{`: at most 2 errors, at that component. The sample's text is opened as
// an untitled document (never the file itself), and closed without saving.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, settledDiagnostics, waitFor } from './helpers';

interface Case {
  /** A file of the repository's `samples/` folder. */
  sample: string;
  /** The declaration whose property is mistyped, e.g. `service read-api`. */
  component: string;
  /** The property key and how it is mistyped. */
  word: string;
  typo: string;
  /** The declaration whose `{` is deleted. */
  braceOf: string;
  /** Whether the sample as it is has rule findings (else its Problems are empty). */
  findings: boolean;
}

const CASES: Case[] = [
  // A clean sample: the Problems are empty before and after.
  {
    sample: 'url-shortener.arch',
    component: 'service read-api',
    word: 'capacity',
    typo: 'capacty',
    braceOf: 'database pastes',
    findings: false,
  },
  // A sample full of rule findings (warnings and errors): every one of them must stay.
  {
    sample: 'bad-design.arch',
    component: 'service web',
    word: 'capacity',
    typo: 'capactiy',
    braceOf: 'service web-large',
    findings: true,
  },
];

const MARK = 'as before the error';

const codeOf = (d: vscode.Diagnostic): string =>
  d.code === undefined ? '' : typeof d.code === 'object' ? String(d.code.value) : String(d.code);

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** A problem as the Problems panel lists it: line, severity, code and message. */
const key = (d: vscode.Diagnostic): string =>
  `${d.range.start.line + 1} ${SEVERITY[d.severity]} ${codeOf(d)}: ${d.message}`;

const keys = (ds: readonly vscode.Diagnostic[]): string[] => ds.map(key).sort();

/** What appeared and what vanished from `before` to `after` (as multisets). */
function changes(before: readonly string[], after: readonly string[]): { appeared: string[]; vanished: string[] } {
  const appeared = [...after];
  const vanished: string[] = [];
  for (const b of before) {
    const i = appeared.indexOf(b);
    if (i >= 0) appeared.splice(i, 1);
    else vanished.push(b);
  }
  return { appeared, vanished };
}

const show = (list: readonly string[]) => (list.length ? list.map((l) => `\n    ${l}`).join('') : ' (none)');

/** The 0-based lines a component's declaration spans: its header to its closing `}`. */
function span(doc: vscode.TextDocument, declaration: string): { first: number; last: number } {
  const header = new RegExp(`^\\s*${declaration.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*\\{`);
  const first = doc
    .getText()
    .split(/\r?\n/)
    .findIndex((l) => header.test(l));
  assert.ok(first >= 0, `no line declares "${declaration} {"`);
  let depth = 0;
  for (let line = first; line < doc.lineCount; line++) {
    let text = doc.lineAt(line).text;
    const comment = text.indexOf('//');
    if (comment >= 0) text = text.slice(0, comment);
    for (const c of text.replace(/"[^"]*"/g, '""')) {
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return { first, last: line };
    }
  }
  throw new Error(`the block of "${declaration}" is not closed`);
}

function labelText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

/** The inlay hints on the lines `first`..`last`, as `line: label`. */
async function hintsOn(doc: vscode.TextDocument, first: number, last: number): Promise<string[]> {
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
    'vscode.executeInlayHintProvider',
    doc.uri,
    new vscode.Range(0, 0, doc.lineCount, 0),
  );
  return (hints ?? [])
    .filter((h) => h.position.line >= first && h.position.line <= last)
    .map((h) => `${h.position.line + 1}: ${labelText(h)}`);
}

async function replace(editor: vscode.TextEditor, range: vscode.Range, text: string): Promise<void> {
  const ok = await editor.edit((b) => b.replace(range, text));
  assert.ok(ok, `the edit ${JSON.stringify(text)} at ${range.start.line + 1}:${range.start.character + 1} failed`);
}

/** Puts the sample's text back if a failed test left it edited, so the next test starts from it. */
async function restore(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  if (doc.isClosed || doc.getText() === text) return;
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
}

for (const c of CASES) {
  describe(`typing into ${c.sample} in VS Code`, () => {
    let original = '';
    let editor: vscode.TextEditor;
    let uri: vscode.Uri;
    /** The Problems of the sample as opened, once settled. */
    let baseline: string[] = [];

    before(async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
      original = new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'samples', c.sample)),
      );
      const doc = await vscode.workspace.openTextDocument({ language: 'arch', content: original });
      editor = await vscode.window.showTextDocument(doc);
      uri = doc.uri;
      // The figure requests wait for validation, which publishes the diagnostics: hints there
      // mean the server has checked the text once.
      await waitFor(async () => (await hintsOn(doc, 0, doc.lineCount)).length > 0, `inlay hints in ${c.sample}`);
      baseline = keys(await settledDiagnostics(uri, () => true, `the diagnostics of ${c.sample}`));
      assert.deepEqual(
        baseline.filter((k) => / (syntax|unknown-[a-z]+):/.test(k)),
        [],
        `${c.sample} has language errors as opened:${show(baseline)}`,
      );
      if (c.findings) assert.ok(baseline.filter((k) => / warning /.test(k)).length >= 10, show(baseline));
      else assert.deepEqual(baseline, [], `${c.sample} is clean`);
    });

    afterEach(() => restore(editor, original));

    after(async () => {
      // Close without saving (an untitled document: nothing is on disk).
      if (editor && !editor.document.isClosed) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it(`a mistyped '${c.word}' is one error at its line with "did you mean", and the fix restores the Problems`, async () => {
      const doc = editor.document;
      const { first, last } = span(doc, c.component);
      let line = first;
      while (line < last && !doc.lineAt(line).text.includes(` ${c.word} `)) line++;
      const column = doc.lineAt(line).text.indexOf(` ${c.word} `) + 1;
      assert.ok(line >= first && line <= last && column > 0, `no '${c.word}' in ${c.component}`);
      const hintsBefore = await hintsOn(doc, first, last);
      assert.ok(hintsBefore.length > 0, `no inlay hint on ${c.component} (lines ${first + 1}-${last + 1})`);
      assert.ok(!hintsBefore.some((h) => h.includes(MARK)), hintsBefore.join('\n'));

      // The typo.
      await replace(editor, new vscode.Range(line, column, line, column + c.word.length), c.typo);
      assert.ok(doc.lineAt(line).text.includes(` ${c.typo} `), doc.lineAt(line).text);
      const broken = keys(
        await settledDiagnostics(
          uri,
          (ds) => ds.some((d) => d.message.includes(`'${c.typo}'`)),
          `a problem about '${c.typo}' on line ${line + 1}`,
        ),
      );
      const { appeared, vanished } = changes(baseline, broken);
      const expected = `${line + 1} error unknown-property: unknown property '${c.typo}'; did you mean '${c.word}'?`;
      assert.deepEqual(
        { appeared, vanished },
        { appeared: [expected], vanished: [] },
        `after '${c.word}' -> '${c.typo}' on line ${line + 1}:\n  appeared:${show(appeared)}\n  vanished:${show(vanished)}`,
      );

      // The component's figures are the last good ones, and say so.
      const hintsBroken = await waitFor(async () => {
        const h = await hintsOn(doc, first, last);
        return h.some((l) => l.includes(MARK)) ? h : undefined;
      }, `an inlay hint of ${c.component} marked "${MARK}"`).catch(async (err: Error) => {
        throw new Error(`${err.message}; hints: ${(await hintsOn(doc, first, last)).join(' | ')}`);
      });
      assert.ok(hintsBroken.length > 0);

      // The fix: the inverse edit.
      await replace(editor, new vscode.Range(line, column, line, column + c.typo.length), c.word);
      assert.equal(doc.getText(), original, 'the text is back as it was');
      const fixed = keys(
        await settledDiagnostics(
          uri,
          (ds) => !ds.some((d) => d.message.includes(`'${c.typo}'`)),
          `the problem about '${c.typo}' to go`,
        ),
      );
      const back = changes(baseline, fixed);
      assert.deepEqual(
        back,
        { appeared: [], vanished: [] },
        `after the fix:\n  appeared:${show(back.appeared)}\n  vanished:${show(back.vanished)}`,
      );
      const hintsFixed = await waitFor(async () => {
        const h = await hintsOn(doc, first, last);
        return h.length > 0 && !h.some((l) => l.includes(MARK)) ? h : undefined;
      }, `the inlay hints of ${c.component} without "${MARK}"`);
      assert.deepEqual(hintsFixed, hintsBefore);
    });

    it(`a deleted '{' of ${c.braceOf} is at most 2 errors at that component, and undoing it restores the Problems`, async () => {
      const doc = editor.document;
      assert.equal(doc.getText(), original, 'the previous test left the text as it was');
      const { first, last } = span(doc, c.braceOf);
      const column = doc.lineAt(first).text.indexOf('{');
      await replace(editor, new vscode.Range(first, column, first, column + 1), '');
      const broken = keys(
        await settledDiagnostics(
          uri,
          (ds) => changes(baseline, keys(ds)).appeared.length > 0,
          `a problem after deleting the '{' on line ${first + 1}`,
        ),
      );
      const { appeared, vanished } = changes(baseline, broken);
      const report = `after deleting the '{' of ${c.braceOf} (lines ${first + 1}-${last + 1}):\n  appeared:${show(appeared)}\n  vanished:${show(vanished)}`;
      assert.deepEqual(vanished, [], report);
      assert.ok(appeared.length >= 1 && appeared.length <= 2, report);
      for (const a of appeared) {
        const at = Number(a.split(' ')[0]) - 1;
        assert.ok(a.split(' ')[1] === 'error', report);
        assert.ok(at >= first - 1 && at <= last + 1, report);
      }

      // Undo: the inverse edit.
      await replace(editor, new vscode.Range(first, column, first, column), '{');
      assert.equal(doc.getText(), original, 'the text is back as it was');
      const fixed = keys(
        await settledDiagnostics(
          uri,
          (ds) => !keys(ds).some((k) => appeared.includes(k)),
          `the problems of the deleted '{' to go`,
        ),
      );
      const back = changes(baseline, fixed);
      assert.deepEqual(
        back,
        { appeared: [], vanished: [] },
        `after the undo:\n  appeared:${show(back.appeared)}\n  vanished:${show(back.vanished)}`,
      );
    });
  });
}
