/**
 * Mermaid's own parser in Node. Mermaid's flowchart parser needs DOMPurify, which needs a window:
 * a jsdom window is installed on globalThis BEFORE mermaid is first imported (see
 * /work/shared/mermaid.md). `removeDom()` takes the globals away again after the file's tests.
 */
import { JSDOM } from 'jsdom';

type Mermaid = (typeof import('mermaid'))['default'];

const GLOBALS = ['window', 'document', 'Element', 'HTMLElement', 'Node', 'DOMParser', 'navigator'] as const;
let loaded: Promise<Mermaid> | undefined;
let installed: string[] = [];

export function nodeMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    const w = dom.window as unknown as Record<string, unknown>;
    for (const name of GLOBALS) {
      if (name in g && name === 'navigator') continue; // Node 21+ has its own navigator
      if (g[name] !== undefined) continue;
      g[name] = name === 'window' ? dom.window : w[name];
      installed.push(name);
    }
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return mermaid;
  })();
  return loaded;
}

/** Resolves when Mermaid accepts the text; rejects with its parse error otherwise. */
export async function mermaidParse(text: string): Promise<{ diagramType: string }> {
  const mermaid = await nodeMermaid();
  const r = await mermaid.parse(text);
  if (!r) throw new Error('mermaid.parse returned false');
  return r;
}

export function removeDom(): void {
  const g = globalThis as Record<string, unknown>;
  for (const name of installed) delete g[name];
  installed = [];
}
