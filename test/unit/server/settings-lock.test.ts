/**
 * A settings change re-validates every document through the workspace's write lock, never beside
 * a running build: two builds at once could mark a document linked whose references the other
 * had just reset, and its figures then showed no load at all (seen in VS Code at start-up).
 */
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createArchscaleServices } from '../../../src/server/archscale-lsp-module.js';
import { watchSettings } from '../../../src/server/settings.js';

describe('settings changes and the workspace lock', () => {
  it('waits for the running write (a build) before re-validating', async () => {
    const { shared, Archscale } = createArchscaleServices({ ...EmptyFileSystem });
    watchSettings(shared, Archscale.insight.InsightService, undefined);
    const uri = URI.file('/w/a.arch');
    const text = TextDocument.create(
      uri.toString(),
      'arch',
      1,
      'system s {\n  client c { rate 10 rps }\n  service a { capacity 100 rps }\n  c -> a\n}\n',
    );
    shared.workspace.TextDocuments!.set(text);
    const doc = shared.workspace.LangiumDocumentFactory.fromTextDocument(text, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });

    let updates = 0;
    const builder = shared.workspace.DocumentBuilder;
    const original = builder.update.bind(builder);
    builder.update = (...args: Parameters<typeof builder.update>) => {
      updates++;
      return original(...args);
    };
    let release!: () => void;
    const busy = shared.workspace.WorkspaceLock.write(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 10));
    shared.workspace.ConfigurationProvider.updateConfiguration({
      settings: { archscale: { rules: { overloaded: { severity: 'off' } } } },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(updates).toBe(0);
    release();
    await busy;
    for (let i = 0; i < 100 && updates === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(updates).toBe(1);
    await builder.waitUntil(DocumentState.Validated, uri);
    expect(Archscale.insight.InsightService.getSettings().rules.overloaded?.severity).toBe('off');
  });
});
