/**
 * The Getting Started walkthrough's command: a first model from a template, written into the
 * workspace folder (or an untitled editor without one). The template breaks two rules on purpose
 * (one database node, with no replica to fail over to), so the next step has findings
 * and a quick fix to show.
 */
import * as vscode from 'vscode';

export const FIRST_MODEL = `// My first archscale model: 2,000 requests a second, 90 % reads.
// Hover a component for its figures and how each was derived; the squiggles are findings,
// each with a quick fix (Ctrl+.). Open the preview with Ctrl+K V.
system shop {
  slo { p95 200 ms availability 99.9 % }

  client shoppers { rate 2 k rps reads 90 % payload 2 KB }
  loadbalancer lb { instances 2 capacity 20 k rps }
  service web { instances 4 capacity 800 rps stateless }
  database catalog { engine postgres capacity 3000 rps }

  shoppers -> lb
  lb -> web
  web -> catalog
}
`;

/** Opens the template: `first-model.arch` in the first workspace folder (kept if it exists), else untitled. */
export async function newModel(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'arch', content: FIRST_MODEL });
    return vscode.window.showTextDocument(doc);
  }
  let uri = vscode.Uri.joinPath(folder.uri, 'first-model.arch');
  for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(folder.uri, `first-model-${n}.arch`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FIRST_MODEL));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

export function registerGettingStarted(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('archscale.newModel', newModel));
}
