/**
 * The formatter: canonical indentation (two spaces per brace level), single spaces between
 * tokens, none before `,` and `;` or around `..`, one space inside one-line braces, no trailing
 * whitespace, at most one blank line, one final newline. Comments and strings are kept as written;
 * line breaks are the user's (a one-line block stays on one line). Idempotent, and it never
 * changes the model (both are tested).
 */

type Tok = { kind: 'word' | 'punct' | 'string' | 'comment' | 'block'; text: string; gap?: string };

const PUNCT = ['->', '..', '{', '}', ',', ';'];

/** Splits one line (outside a block comment) into tokens; returns the tokens and whether a block comment stays open. */
function tokenize(line: string): { toks: Tok[]; openBlock: string | undefined } {
  const toks: Tok[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (line.startsWith('//', i) || ch === '#') {
      // A trailing comment keeps the user's alignment (the gap before it).
      const gap = /[ \t]*$/.exec(line.slice(0, i))![0];
      toks.push({ kind: 'comment', text: line.slice(i).trimEnd(), gap: gap.length > 1 ? gap : ' ' });
      break;
    }
    if (line.startsWith('/*', i)) {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) return { toks, openBlock: line.slice(i) };
      toks.push({ kind: 'block', text: line.slice(i, end + 2) });
      i = end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
      toks.push({ kind: 'string', text: line.slice(i, Math.min(j + 1, line.length)) });
      i = j + 1;
      continue;
    }
    const p = PUNCT.find((x) => line.startsWith(x, i));
    if (p) {
      toks.push({ kind: 'punct', text: p });
      i += p.length;
      continue;
    }
    let j = i;
    while (
      j < line.length &&
      !' \t\r"\'#{},;'.includes(line[j]!) &&
      !line.startsWith('->', j) &&
      !line.startsWith('..', j) &&
      !line.startsWith('//', j) &&
      !line.startsWith('/*', j)
    )
      j++;
    if (j === i) j = i + 1;
    toks.push({ kind: 'word', text: line.slice(i, j) });
    i = j;
  }
  return { toks, openBlock: undefined };
}

function join(toks: Tok[]): string {
  let out = '';
  toks.forEach((t, k) => {
    const prev = toks[k - 1];
    let space = k > 0;
    if (t.text === ',' || t.text === ';' || t.text === '..') space = false;
    if (prev?.text === '..') space = false;
    out += (space ? (t.kind === 'comment' && t.gap ? t.gap : ' ') : '') + t.text;
  });
  return out;
}

export function formatText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let depth = 0;
  let inBlock = false;
  for (const raw of lines) {
    if (inBlock) {
      // Inside a multi-line block comment: keep the line, only trim the end.
      out.push(raw.trimEnd());
      if (raw.includes('*/')) {
        inBlock = false;
        const rest = raw.slice(raw.indexOf('*/') + 2);
        if (rest.trim()) {
          out.pop();
          out.push(raw.slice(0, raw.indexOf('*/') + 2).trimEnd() + ' ' + rest.trim());
        }
      }
      continue;
    }
    const { toks, openBlock } = tokenize(raw);
    const leadingClose = toks.findIndex((t) => !(t.kind === 'punct' && t.text === '}'));
    const closes = leadingClose < 0 ? toks.length : leadingClose;
    const indent = '  '.repeat(Math.max(0, depth - closes));
    for (const t of toks) if (t.kind === 'punct') depth += t.text === '{' ? 1 : t.text === '}' ? -1 : 0;
    depth = Math.max(0, depth);
    let line = join(toks);
    if (openBlock !== undefined) {
      line = (line ? line + ' ' : '') + openBlock.trimEnd();
      inBlock = true;
    }
    out.push(line === '' ? '' : indent + line);
  }
  // At most one blank line in a row, none at the start or the end; one final newline.
  const squeezed: string[] = [];
  for (const l of out)
    if (!(l === '' && (squeezed.length === 0 || squeezed[squeezed.length - 1] === ''))) squeezed.push(l);
  while (squeezed.length && squeezed[squeezed.length - 1] === '') squeezed.pop();
  return squeezed.join('\n') + '\n';
}
