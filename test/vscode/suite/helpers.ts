import * as vscode from 'vscode';

export const EXTENSION_ID = 'archscale.archscale';

/** Polls `fn` until it returns a truthy value (never a fixed sleep); throws after `timeoutMs`. */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner must pass test/vscode/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

export const errors = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

export const describeDiagnostics = (uri: vscode.Uri) =>
  JSON.stringify(
    vscode.languages.getDiagnostics(uri).map((d) => ({
      line: d.range.start.line,
      severity: d.severity,
      source: d.source,
      message: d.message,
    })),
  );

/**
 * The diagnostics of `uri` once `ready` holds of them and they have stayed the same for `quietMs`
 * (polled as waitFor polls, never a fixed sleep): an edit's diagnostics are known to have settled,
 * not just to have begun to arrive. Throws with the diagnostics seen if that does not happen.
 */
export async function settledDiagnostics(
  uri: vscode.Uri,
  ready: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  quietMs = 400,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  let seen = '';
  let since = Date.now();
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      const now = describeDiagnostics(uri);
      if (now !== seen) {
        seen = now;
        since = Date.now();
      }
      return ready(diagnostics) && Date.now() - since >= quietMs ? diagnostics : undefined;
    },
    `${what} (diagnostics settled for ${quietMs} ms)`,
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
  });
}
