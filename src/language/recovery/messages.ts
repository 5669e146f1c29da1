/**
 * How the language's errors about words read: an unknown kind or property (with the nearest one
 * the user may have meant), and a statement the parser could not read. One place for each wording.
 */
import { COMPONENT_KINDS, isComponentKind } from '../../core/model.js';
import { PROPERTY_SPECS, propertiesFor } from '../../core/properties.js';
import { suggest } from '../../core/units.js';

const meant = (near: string | undefined) => (near ? `; did you mean '${near}'?` : '');

/** `servce api {}`: the kind is not one of the language's. */
export function unknownKindMessage(kind: string): string {
  const near = suggest(kind, COMPONENT_KINDS);
  return near
    ? `unknown kind of component '${kind}'${meant(near)}`
    : `unknown kind of component '${kind}' (the kinds: ${COMPONENT_KINDS.join(', ')})`;
}

/**
 * `capacty 900 rps`: not a property; the suggestion comes from the properties this kind of
 * component takes (all properties when the owner is unknown).
 */
export function unknownPropertyMessage(key: string, ownerKind: string | undefined): string {
  const owner = ownerKind && isComponentKind(ownerKind) ? ownerKind : undefined;
  const own = owner ? propertiesFor(owner).map((s) => s.key) : [];
  const near =
    suggest(key, own) ??
    suggest(
      key,
      PROPERTY_SPECS.map((s) => s.key),
    );
  return `unknown property '${key}'${meant(near)}`;
}

/** A word that is a kind where a statement starts, with nothing a component needs after it. */
export function unknownStatementMessage(word: string): string {
  const near = suggest(word, COMPONENT_KINDS);
  return near
    ? `'${word}' starts no statement; did you mean the kind '${near}'?`
    : `'${word}' starts no statement: write a component (\`service name { … }\`), an edge (\`a -> b\`) or a block`;
}

/** A statement (a property, an edge, a component) the parser could not read at `token`. */
export function unreadableMessage(what: string, token: string | undefined): string {
  return token === undefined || token === ''
    ? `cannot read this ${what}: it ends too soon`
    : `cannot read this ${what}: unexpected '${token}'`;
}

/** A character the language does not know, or a string not closed on its line. */
export function junkMessage(token: string): string {
  return token.startsWith('"') || token.startsWith("'")
    ? 'this string is not closed on its line'
    : token.startsWith('/*')
      ? "this comment is not closed: expected '*/'"
      : `unexpected character '${token}'`;
}

/** Properties written without the block's `{`. */
export function missingOpenMessage(token: string): string {
  return `expected '{' before '${token}' (a component's properties go in braces)`;
}

/** Property lines whose component's header line is missing. */
export function orphanPropertiesMessage(key: string): string {
  return `'${key}' belongs to no component: the line that declares it (like \`database name {\`) is missing`;
}

/** A block whose `}` is missing. */
export function unclosedBlockMessage(owner: string): string {
  return `the block of ${owner} is not closed: expected '}'`;
}

/** A system header that is not `system <name> {`. */
export function systemHeaderMessage(word: string): string {
  const near = word === 'system' ? undefined : suggest(word, ['system']);
  return near
    ? `unknown '${word}'${meant(near)} (a model is \`system <name> { … }\`)`
    : `expected \`system <name> {\` here`;
}

/** Text outside any system. */
export function strayTextMessage(token: string): string {
  return `unexpected '${token}' outside a system (a model is \`system <name> { … }\`)`;
}

/** The words that start a scenario step (besides a component's name). */
const STEP_WORDS = ['fail', 'load', 'description'];

/**
 * A scenario step that does not read, by its words (`''` for a number or a sign): a misspelt step
 * word (`fial app` : 'fail'), or a component's misspelt property (`app capacty 3 rps`); undefined
 * when neither (then where the parser stopped says it). `at` is the index of the word meant.
 */
export function stepMessage(
  words: readonly string[],
): { at: number; text: string; code: 'unknown-step' | 'unknown-property' } | undefined {
  const [w0, w1] = words;
  if (!w0 || STEP_WORDS.includes(w0)) return undefined;
  const near = suggest(w0, STEP_WORDS);
  if (near) return { at: 0, text: `unknown step '${w0}'${meant(near)}`, code: 'unknown-step' };
  if (w1 && !PROPERTY_SPECS.some((s) => s.key === w1))
    return { at: 1, text: unknownPropertyMessage(w1, undefined), code: 'unknown-property' };
  return undefined;
}
