/**
 * Turns a rule's fix (operations on the model, src/core/rules/types.ts) into text edits on the
 * documents, keeping the user's layout: properties go inside the existing braces (on their own
 * line when the block spans lines), new components after their neighbour, new edges at the end
 * of the system.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { Fix, FixOperation, FixTarget } from '../core/rules/types.js';
import type { SourceLocation } from '../core/model.js';
import { isComponent, isEdge, type Component, type Document, type Edge, type System } from './generated/ast.js';

export interface TextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Edits per document URI. */
export type WorkspaceEdits = Record<string, TextEdit[]>;

export interface FixDocuments {
  byUri(uri: string): LangiumDocument | undefined;
  all(): readonly LangiumDocument[];
}

export class FixError extends Error {}

function nodeAt(doc: LangiumDocument, loc: SourceLocation): AstNode | undefined {
  const root = doc.parseResult.value.$cstNode;
  if (!root) return undefined;
  const offset = doc.textDocument.offsetAt(loc.range.start);
  return CstUtils.findLeafNodeAtOffset(root, offset)?.astNode;
}

function findComponent(docs: FixDocuments, id: string): { doc: LangiumDocument; node: Component } {
  for (const doc of docs.all()) {
    for (const s of (doc.parseResult.value as Document).systems ?? []) {
      for (const m of s.members) if (isComponent(m) && m.name === id) return { doc, node: m };
    }
  }
  throw new FixError(`component '${id}' not found`);
}

function findSystem(docs: FixDocuments, name: string): { doc: LangiumDocument; node: System } {
  for (const doc of docs.all()) {
    for (const s of (doc.parseResult.value as Document).systems ?? []) if (s.name === name) return { doc, node: s };
  }
  throw new FixError(`system '${name}' not found`);
}

export interface EdgeLocator {
  /** The edge's location from the model (model edges carry one). */
  edgeLocation(id: string): SourceLocation | undefined;
}

function findEdge(
  docs: FixDocuments,
  locate: EdgeLocator,
  id: string,
): { doc: LangiumDocument; node: Edge; targetIndex: number } {
  const loc = locate.edgeLocation(id);
  const doc = loc && docs.byUri(loc.uri);
  if (!loc || !doc) throw new FixError(`edge '${id}' not found`);
  const node = AstUtils.getContainerOfType(nodeAt(doc, loc), isEdge);
  if (!node) throw new FixError(`edge '${id}' not found at its location`);
  const to = id.slice(id.indexOf('->') + 2, id.lastIndexOf('#'));
  const targetIndex = Math.max(
    0,
    node.targets.findIndex((t) => t.$refText === to),
  );
  return { doc, node, targetIndex };
}

const lineOf = (doc: LangiumDocument, line: number) =>
  doc.textDocument
    .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
const indentOf = (text: string) => /^\s*/.exec(text)![0];

function keyword(node: AstNode, text: string): CstNode | undefined {
  const all = GrammarUtils.findNodesForKeyword(node.$cstNode, text);
  return all[all.length - 1];
}

/** Inserts or replaces a property in a component's or edge's brace block. */
function setProperty(doc: LangiumDocument, node: Component | Edge, key: string, value: string): TextEdit {
  const written = value ? `${key} ${value}` : key;
  const existing = node.properties.find((p) => p.key === key);
  if (existing?.$cstNode) return { range: existing.$cstNode.range, newText: written };
  const close = node.properties.length > 0 || keyword(node, '{') ? keyword(node, '}') : undefined;
  const open = keyword(node, '{');
  if (!close || !open) {
    // No braces yet: add a block at the end of the declaration.
    const end = node.$cstNode!.range.end;
    return { range: { start: end, end }, newText: ` { ${written} }` };
  }
  if (open.range.start.line === close.range.start.line) {
    // One-line block: `{ a b }` -> `{ a b key value }`.
    const before = doc.textDocument.getText({ start: open.range.end, end: close.range.start });
    const pos = close.range.start;
    return {
      range: { start: pos, end: pos },
      newText: before.trim() === '' ? ` ${written} ` : /\s$/.test(before) ? `${written} ` : ` ${written} `,
    };
  }
  // Multi-line block: a new line with the indentation of the last property.
  const last = node.properties[node.properties.length - 1]?.$cstNode;
  const closeLine = lineOf(doc, close.range.start.line);
  const indent = last ? indentOf(lineOf(doc, last.range.start.line)) : indentOf(closeLine) + '  ';
  if (last) {
    const at = last.range.end;
    return { range: { start: at, end: at }, newText: `\n${indent}${written}` };
  }
  const at = open.range.end;
  return { range: { start: at, end: at }, newText: `\n${indent}${written}` };
}

function removeProperty(node: Component | Edge, key: string): TextEdit | undefined {
  const p = node.properties.find((x) => x.key === key);
  if (!p?.$cstNode) return undefined;
  return { range: p.$cstNode.range, newText: '' };
}

function componentEnd(node: Component): { line: number; character: number } {
  return node.$cstNode!.range.end;
}

function applyOperation(
  docs: FixDocuments,
  locate: EdgeLocator,
  op: FixOperation,
): { uri: string; edit: TextEdit } | undefined {
  const target = (t: FixTarget) =>
    'component' in t ? findComponent(docs, t.component) : findEdge(docs, locate, t.edge);
  switch (op.op) {
    case 'set-property': {
      const { doc, node } = target(op.target);
      return { uri: doc.uri.toString(), edit: setProperty(doc, node, op.key, op.value) };
    }
    case 'remove-property': {
      const { doc, node } = target(op.target);
      const edit = removeProperty(node, op.key);
      return edit && { uri: doc.uri.toString(), edit };
    }
    case 'add-component': {
      const { doc, node: system } = findSystem(docs, op.system);
      const after = op.after
        ? system.members.find((m): m is Component => isComponent(m) && m.name === op.after)
        : undefined;
      const anchor = after ?? [...system.members].reverse().find(isComponent);
      if (anchor) {
        const indent = indentOf(lineOf(doc, anchor.$cstNode!.range.start.line));
        const at = componentEnd(anchor);
        return { uri: doc.uri.toString(), edit: { range: { start: at, end: at }, newText: `\n${indent}${op.text}` } };
      }
      const close = keyword(system, '}')!;
      return {
        uri: doc.uri.toString(),
        edit: { range: { start: close.range.start, end: close.range.start }, newText: `  ${op.text}\n` },
      };
    }
    case 'add-edge': {
      const { doc, node: system } = findSystem(docs, op.system);
      const last = system.members[system.members.length - 1];
      if (last?.$cstNode) {
        const indent = indentOf(lineOf(doc, last.$cstNode.range.start.line));
        const at = last.$cstNode.range.end;
        return { uri: doc.uri.toString(), edit: { range: { start: at, end: at }, newText: `\n${indent}${op.text}` } };
      }
      const close = keyword(system, '}')!;
      return {
        uri: doc.uri.toString(),
        edit: { range: { start: close.range.start, end: close.range.start }, newText: `  ${op.text}\n` },
      };
    }
    case 'retarget-edge': {
      const { doc, node, targetIndex } = findEdge(docs, locate, op.edge);
      const ref = node.targets[targetIndex]?.$refNode;
      if (!ref) throw new FixError(`edge '${op.edge}' has no target to change`);
      return { uri: doc.uri.toString(), edit: { range: ref.range, newText: op.to } };
    }
    case 'set-modifiers': {
      const { doc, node } = findEdge(docs, locate, op.edge);
      const kept = node.modifiers
        .map((m) => (m.flag ? m.flag : `requires ${m.requirement}`))
        .filter((m) => !(op.remove as readonly string[]).includes(m) && !(op.add as readonly string[]).includes(m));
      const flags = [...new Set([...op.add, ...kept])];
      // Rewrite from the end of the last target to before the brace block (or the end).
      const lastTarget = node.targets[node.targets.length - 1]?.$refNode;
      if (!lastTarget) throw new FixError(`edge '${op.edge}' has no target`);
      const open = node.properties.length > 0 || keyword(node, '{') ? keyword(node, '{') : undefined;
      const end = open ? open.range.start : node.$cstNode!.range.end;
      return {
        uri: doc.uri.toString(),
        edit: {
          range: { start: lastTarget.range.end, end },
          newText: flags.length ? ` ${flags.join(' ')}${open ? ' ' : ''}` : open ? ' ' : '',
        },
      };
    }
  }
}

/** Renders a fix as text edits per document URI. Edits in one document never overlap. */
export function renderFix(fix: Fix, docs: FixDocuments, locate: EdgeLocator): WorkspaceEdits {
  const out: WorkspaceEdits = {};
  for (const op of fix.operations) {
    const r = applyOperation(docs, locate, op);
    if (r) (out[r.uri] ??= []).push(r.edit);
  }
  return out;
}

/** Applies text edits to a text (for tests and the CLI's --fix). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort(
    (a, b) => offset(b.range.start) - offset(a.range.start) || offset(b.range.end) - offset(a.range.end),
  );
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
