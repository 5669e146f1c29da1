/**
 * archscale's own checks run in a direct walk; a check registered in Langium's validation registry
 * (by another extension of the language, or a future one) must still run, for any node type.
 */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchscaleCoreServices } from '../../../src/language/archscale-module.js';
import type { ArchscaleAstType } from '../../../src/language/generated/ast.js';

describe('checks registered in the validation registry', () => {
  it("run beside archscale's own, on any node type", async () => {
    const { shared, Archscale } = createArchscaleCoreServices(EmptyFileSystem);
    Archscale.validation.ValidationRegistry.register<ArchscaleAstType>({
      Slo: (_node, accept) => accept('hint', 'an slo block', { node: _node, code: 'test-slo' }),
    });
    const doc = shared.workspace.LangiumDocumentFactory.fromString(
      'system s {\n  slo { p95 1 s }\n  service a { instances 0.5 }\n}\n',
      URI.file('/w/r.arch'),
    );
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const codes = (doc.diagnostics ?? []).map((d) => String(d.code));
    expect(codes).toContain('test-slo');
    expect(codes.some((c) => c !== 'test-slo')).toBe(true); // archscale's own check (a fractional count) still reports
  });
});
