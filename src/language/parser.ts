/**
 * The parser: Langium's, behind a hand-written fast path, with one speed fix to Langium 4.4's CST
 * builder for the texts the fast path hands over.
 *
 * Fast path (`fast-parser/`): a well-formed document is lexed and parsed by hand into exactly
 * the AST and CST Langium's parser builds. A broken one is recovered at the statement
 * (`recovery/`): each broken statement blanked, one error each, the rest parsed by the fast path;
 * Langium's parser (and its own error recovery) only where that cannot make the rest parse, for a
 * text the fast lexer cannot read, and for parses of a given rule (`options.rule`).
 *
 * CST builder fix: before every consumed token the parser calls `CstNodeBuilder.addHiddenNodes`
 * with the hidden tokens (comments) that precede it; the builder then searches the parent's
 * children for the current node (`indexOf`) even when that list is empty, so parsing a long block
 * costs a scan per token (quadratic in the block's size). With no hidden tokens the call has
 * nothing to add, so skipping it changes nothing; with comments the default behaviour runs.
 */
import { CstNodeBuilder, prepareLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';
import type { FastArchParser } from './fast-parser/index.js';
import { GiveUp } from './fast-parser/parser.js';
import { recoverParse } from './recovery/index.js';

type HiddenTokens = Parameters<CstNodeBuilder['addHiddenNodes']>[0];

export class ArchscaleCstNodeBuilder extends CstNodeBuilder {
  override addHiddenNodes(tokens: HiddenTokens): void {
    if (tokens.length === 0) return;
    super.addHiddenNodes(tokens);
  }
}

/** Langium's `createLangiumParser`, with the CST builder above. */
function createLangiumParserWithBuilder(services: LangiumCoreServices): LangiumParser {
  const parser = prepareLangiumParser(services);
  // `nodeBuilder` is private in Langium's typings; it is created in the constructor and only used
  // while parsing, so replacing it before `finalize()` is safe.
  (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new ArchscaleCstNodeBuilder();
  parser.finalize();
  return parser;
}

/**
 * The language's parser service: the fast path first; Langium's parser for what it declines and
 * for parses of a given rule. Langium's parser (Chevrotain's grammar analysis takes some 40 ms)
 * is built only when first needed, which for well-formed files is never; any other property of
 * the service is read from it.
 */
export function createArchscaleParser(
  services: LangiumCoreServices & { parser: { FastParser: FastArchParser } },
): LangiumParser {
  let langium: LangiumParser | undefined;
  const real = () => (langium ??= createLangiumParserWithBuilder(services));
  const langiumParse = (text: string) => real().parse(text);
  const parse = (text: string, options?: { rule?: string }) => {
    if (options?.rule !== undefined) return real().parse(text, options);
    const fast = services.parser.FastParser.attempt(text);
    if (!(fast instanceof GiveUp)) return fast;
    // Broken (or a character the fast lexer does not know: the recovery blanks what the language
    // does not know and asks Langium's parser about the rest): recover at the statement, with
    // Langium's own recovery only where that cannot make the rest parse.
    return recoverParse(text, { fast: services.parser.FastParser, langium: langiumParse }) ?? langiumParse(text);
  };
  return new Proxy({} as LangiumParser, {
    get(_target, property) {
      if (property === 'parse') return parse;
      const value = Reflect.get(real(), property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real()) : value;
    },
  });
}
