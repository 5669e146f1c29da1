/**
 * Escaping text for Mermaid labels.
 *
 * Every character that is not plainly harmless becomes a Mermaid entity code (`#lt;`, `#35;`...),
 * which Mermaid turns into an HTML entity in the SVG, so the browser shows it as text. What stays
 * raw: letters and digits (any script), space, `_ - . ,` and a few symbols the generator itself
 * writes (`≤ ≈ · × ★ ⚠ →`). So no model text can close a quoted label (`"`), open a tag (`<`),
 * start an entity of its own (`#`, `&`), a comment or directive (`%%{init}%%`), a markdown string
 * (a backtick), a YAML escape (`\`), a new statement (newline, `;`) or a `click` line.
 */

/** Named codes Mermaid (and HTML) know, for readability of the common ones. */
const NAMED: Record<string, string> = {
  '<': '#lt;',
  '>': '#gt;',
  '"': '#quot;',
  '&': '#amp;',
  '#': '#35;',
};

/** Characters that pass through unescaped: they cannot form Mermaid, YAML, HTML or markdown syntax. */
const SAFE = /[\p{L}\p{N} _.,\-≤≈·×★⚠→]/u;

const PLAIN = /^[A-Za-z0-9 _.,-]*$/;

/** The text as a Mermaid label fragment that shows exactly `text`. */
export function escapeLabel(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else out += NAMED[ch] ?? `#${ch.codePointAt(0)!};`;
  }
  return out;
}

/** Inverse of escapeLabel (for tests and for reading a label back). */
export function unescapeLabel(label: string): string {
  const names: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };
  return label.replace(/#(\w+);/g, (m, code: string) => {
    if (/^\d+$/.test(code)) return String.fromCodePoint(Number(code));
    return names[code] ?? m;
  });
}
