/**
 * The fast parser's incremental re-parse: after an edit, re-parses only the system members the
 * edit touched and splices them into the old tree in place, moving the positions of the rest.
 */
import { CompositeCstNodeImpl, RootCstNodeImpl, type AstNode, type CstNode, type ParseResult } from 'langium';
import { editedStretch } from '../../core/text-edit.js';
import type { CompositeFields, LeafFields } from '../syntax.js';
import { isSpace, type ArchLexer } from './lexer.js';
import { parseMembers, type ParseContext } from './parser.js';
import type { Node } from './tree-builder.js';

/**
 * Incremental re-parse after an edit: re-parses only the system members the edit touched and
 * splices them into the old tree (which is updated in place: the other nodes are kept and their
 * positions moved), so that the result equals a full parse of `text`. Returns `undefined`,
 * having changed nothing, when that cannot be guaranteed: the old tree had errors, the edit is
 * outside a system's braces or touches its braces, the edited stretch does not begin and end
 * with white space, or it does not parse as whole members.
 *
 * Why the rest of the tree stays valid: members are parsed one after another; the re-parsed
 * stretch starts right after a member (or `{`) and ends right before one (or `}`), and a member
 * starts with a name or `slo`/`settings`/`description`, which can never continue the member
 * before it, nor can a following member or `}` continue the last re-parsed one.
 */
export function reparse(
  old: ParseResult<AstNode>,
  text: string,
  lexer: ArchLexer,
  context: ParseContext,
): ParseResult<AstNode> | undefined {
  if (old.lexerErrors.length > 0 || old.parserErrors.length > 0) return undefined;
  const doc = old.value as unknown as Node & { systems?: Node[] };
  const root = doc.$cstNode;
  if (doc.$type !== 'Document' || !(root instanceof RootCstNodeImpl)) return undefined;
  const oldText = root.fullText;
  if (oldText === text) return old;
  const oldLen = oldText.length;
  const { pre, suf } = editedStretch(oldText, text);
  const a = pre;
  const b = oldLen - suf;
  const delta = text.length - oldLen;
  const g = context.elements;

  for (const system of doc.systems ?? []) {
    const sc = system.$cstNode as CompositeCstNodeImpl | undefined;
    if (!(sc instanceof CompositeCstNodeImpl)) return undefined;
    const content = sc.content;
    const closeIdx = content.length - 1;
    const openIdx = content.findIndex((c) => c.grammarSource === g.system.open);
    if (openIdx < 0 || content[closeIdx]?.grammarSource !== g.system.close) return undefined;
    if (b <= content[openIdx]!.offset) return undefined; // before this system's braces
    if (a < content[openIdx]!.end || b > content[closeIdx]!.offset) continue;

    // The members around the edit: the last one ending before it, the first one starting after.
    let left = openIdx;
    let right = closeIdx;
    for (let k = openIdx + 1; k < closeIdx; k++) {
      const c = content[k]!;
      if (c.grammarSource !== g.system.members) continue;
      if (c.end <= a) left = k;
      else if (c.offset >= b) {
        right = k;
        break;
      }
    }
    const leftNode = content[left]!;
    const rightNode = content[right]!;
    const start = leftNode.end;
    const endOld = rightNode.offset;
    const endNew = endOld + delta;
    if (endNew <= start || !isSpace(text.charCodeAt(start)) || !isSpace(text.charCodeAt(endNew - 1))) return undefined;

    const leftEnd = leftNode.range.end;
    const lexed = lexer.lex(text, start, endNew, leftEnd.line, start - leftEnd.character);
    if (!lexed) return undefined;
    const base = new CompositeCstNodeImpl();
    base.content.push(new CompositeCstNodeImpl());
    const stand = { $type: 'System', members: [] as Node[] } as Node;
    if (!parseMembers(context, text, lexed, stand, base)) return undefined;

    // Success: splice the new members into the old tree.
    const members = system.members as Node[];
    const first =
      left === openIdx
        ? 0
        : (((leftNode as CompositeCstNodeImpl).astNode as unknown as Node).$containerIndex as number) + 1;
    const last =
      right === closeIdx
        ? members.length
        : (((rightNode as CompositeCstNodeImpl).astNode as unknown as Node).$containerIndex as number);
    const added = stand.members as Node[];
    members.splice(first, last - first, ...added);
    for (let k = first; k < members.length; k++) {
      const m = members[k]!;
      m.$container = system;
      m.$containerIndex = k;
    }
    const nodes = base.content.slice(1);
    for (const n of nodes) (n as CompositeCstNodeImpl).container = sc;
    const oldStart = rightNode.range.start;
    content.splice(left + 1, right - left - 1, ...nodes);

    // Move everything after the stretch: the rest of this system, then the rest of the file.
    const lines = lexed.line - oldStart.line;
    const cols = endNew - lexed.lineStart - oldStart.character;
    for (let k = left + 1 + nodes.length; k < content.length; k++)
      shift(content[k]!, delta, oldStart.line, lines, cols);
    let after: CstNode | undefined = sc;
    for (let parent = sc.container; parent && after; after = parent, parent = parent.container) {
      (parent as unknown as CompositeFields)._rangeCache = undefined;
      const siblings = parent.content;
      for (let k = siblings.indexOf(after) + 1; k < siblings.length; k++)
        shift(siblings[k]!, delta, oldStart.line, lines, cols);
    }
    (sc as unknown as CompositeFields)._rangeCache = undefined;
    (root as unknown as { _text: string })._text = text;
    return { value: doc as unknown as AstNode, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
  }
  return undefined;
}

/** Moves every leaf under `node` by `delta` characters and `lines` lines (columns on `line` by `cols`). */
function shift(node: CstNode, delta: number, line: number, lines: number, cols: number): void {
  if (node instanceof CompositeCstNodeImpl) {
    // A cached range stays true when no line moves and the node starts below the edited line
    // (only columns on that line move): keeping it saves recomputing the ranges of the rest of
    // the file after an edit inside one line.
    const fields = node as unknown as CompositeFields;
    const cached = fields._rangeCache;
    if (lines !== 0 || cached === undefined || cached.start.line <= line) fields._rangeCache = undefined;
    for (const child of node.content) shift(child, delta, line, lines, cols);
    return;
  }
  const leaf = node as unknown as LeafFields;
  leaf._offset += delta;
  if (leaf._startLine === line) leaf._startColumn += cols;
  if (leaf._endLine === line) leaf._endColumn += cols;
  leaf._startLine += lines;
  leaf._endLine += lines;
}
