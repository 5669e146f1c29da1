/**
 * The document a command was given: a URI, or a URI as a string (the server's code lenses pass
 * the document's URI so). Commands fall back to the active editor's document themselves when
 * nothing was given (undefined), not when a URI string does not parse (null).
 */
import * as vscode from 'vscode';

export function uriArgument(arg: unknown): vscode.Uri | null | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(arg)) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return null;
    }
  }
  return undefined;
}
