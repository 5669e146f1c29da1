/**
 * A wait for a workspace state that starts while the build notifies that state (as a find
 * references request can, when the build yields before each listener) ends with that build, not
 * with the next one. With Langium's builder it waited for a next build, forever if none came.
 */
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchscaleServices } from '../../../src/server/archscale-lsp-module.js';

describe('waiting for a build phase', () => {
  it('a wait that starts while the phase is being notified ends with this build', async () => {
    const { shared } = createArchscaleServices({ ...EmptyFileSystem });
    const builder = shared.workspace.DocumentBuilder;
    let late: Promise<unknown> | undefined;
    builder.onBuildPhase(DocumentState.IndexedReferences, () => {
      late ??= builder.waitUntil(DocumentState.IndexedReferences);
    });
    const doc = shared.workspace.LangiumDocumentFactory.fromString(
      'system s {\n  service a { capacity 10 rps }\n}\n',
      URI.file('/w/a.arch'),
    );
    shared.workspace.LangiumDocuments.addDocument(doc);
    await builder.build([doc], { validation: true });
    expect(late).toBeDefined();
    const ended = await Promise.race([
      late!.then(() => 'ended'),
      new Promise((r) => setTimeout(() => r('waiting'), 1_000)),
    ]);
    expect(ended).toBe('ended');
  });
});
