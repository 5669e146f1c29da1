/**
 * What the server's requests on one document (archscale/diagram, archscale/scaling,
 * archscale/simulate) share: the parameters checked with their zod schema (else InvalidParams),
 * the wait until the document is built, the read under the workspace lock, the document's cached
 * insight, and the line that says why a preview has nothing to show (a syntax error, or a language
 * error that leaves components unsure).
 */
import { DocumentState, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Insight, InsightService } from '../language/insight.js';

/** A zod schema of a request's parameters (only what is used of it). */
interface ParamsSchema<P> {
  safeParse(
    params: unknown,
  ): { success: true; data: P } | { success: false; error: { issues: readonly { message: string }[] } };
}

/**
 * The prologue of a request on a document: `params` checked against `schema` (an InvalidParams
 * error names what is wrong), then, once the workspace is loaded and the document built (a model
 * whose edges are not linked yet is wrong), `read` run as a normal-priority read of the workspace
 * lock, which waits for pending builds (the edits the client sent before the request).
 */
export async function documentRequest<P extends { uri: string }, R>(
  shared: LangiumSharedCoreServices,
  method: string,
  schema: ParamsSchema<P>,
  params: unknown,
  read: (params: P) => R,
): Promise<R | ResponseError> {
  const p = schema.safeParse(params);
  if (!p.success)
    return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${p.error.issues.map((i) => i.message).join('; ')}`);
  await shared.workspace.WorkspaceManager.ready;
  const uri = URI.parse(p.data.uri);
  if (shared.workspace.LangiumDocuments.hasDocument(uri))
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
  const data = p.data;
  return shared.workspace.WorkspaceLock.read(() => read(data));
}

/** The insight that covers the document at `uri` (its root's import closure), or why there is none. */
export function documentInsight(
  shared: LangiumSharedCoreServices,
  insights: InsightService,
  uri: string,
): Insight | { error: string } {
  const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
  if (!document) return { error: 'The language server has not loaded this file.' };
  return insights.forDocument(document.uri.toString())[0] ?? { error: 'No model for this file yet.' };
}

/**
 * The insight a preview draws from, or why it draws nothing: a syntax error, or a language error
 * that leaves components unsure (the preview keeps its last good picture meanwhile).
 */
export function previewInsight(
  shared: LangiumSharedCoreServices,
  insights: InsightService,
  uri: string,
): Insight | { error: string } {
  const insight = documentInsight(shared, insights, uri);
  if ('error' in insight) return insight;
  const error = syntaxError(insight.documents) ?? (insight.before ? languageError(insight.documents) : undefined);
  return error ? { error } : insight;
}

/** The first syntax error of the documents, as `file:line: message`. */
export function syntaxError(documents: readonly LangiumDocument[]): string | undefined {
  for (const doc of documents) {
    const { lexerErrors, parserErrors } = doc.parseResult;
    if (lexerErrors.length === 0 && parserErrors.length === 0) continue;
    const count = lexerErrors.length + parserErrors.length;
    const file = doc.uri.path.split('/').pop() ?? doc.uri.toString();
    const d = doc.diagnostics?.find(
      (x) =>
        x.code === 'syntax' ||
        (x.data as { code?: string } | undefined)?.code === 'parsing-error' ||
        (x.data as { code?: string } | undefined)?.code === 'lexing-error',
    );
    const line = d ? d.range.start.line + 1 : (parserErrors[0]?.token.startLine ?? lexerErrors[0]?.line ?? 0);
    const message = d?.message ?? parserErrors[0]?.message ?? lexerErrors[0]?.message ?? 'syntax error';
    return `${count === 1 ? 'A syntax error' : `${count} syntax errors`} in ${file}, first on line ${line}: ${message}`;
  }
  return undefined;
}

/** The first language error of the documents (one that leaves components unsure), as a line. */
export function languageError(documents: readonly LangiumDocument[]): string {
  for (const doc of documents) {
    const d = doc.diagnostics?.find((x) => x.severity === 1 && x.source === 'archscale' && !x.data?.rule);
    if (!d) continue;
    const file = doc.uri.path.split('/').pop() ?? doc.uri.toString();
    return `An error in ${file}, line ${d.range.start.line + 1}: ${d.message}`;
  }
  return 'An error in the model leaves some components unsure.';
}
