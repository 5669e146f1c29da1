/**
 * The fast parser of one language instance: its grammar look-ups and lexer, made once, and the
 * two entry points, a full parse and an incremental re-parse.
 *
 * A hand-written parser for well-formed `.arch` text, about ten times faster than Langium's
 * Chevrotain parser, that builds exactly the syntax tree (AST and CST) Langium's parser builds.
 * Whenever the text is not well formed (a character the lexer does not know, a token the grammar
 * does not expect here) it gives up and says where (`attempt`); the parser service then recovers
 * at the statement (`../recovery/`), blanking what is broken and parsing the rest here again.
 * Where it succeeds, its result equals Langium's node for node: the same AST properties in the
 * same order, the same references, the same CST nodes with the same grammar elements, offsets,
 * ranges and comments (hidden nodes placed by Langium's own rule), with one exception, where it
 * is the language's definition: an edge flag word (`cdc`, `async`, `sync`, `reads`, `writes`)
 * that starts the next edge right after an edge (`a -> b` then `cdc -> x`) is that edge's source
 * (Chevrotain's loop over the flags takes it as a flag and fails at `->`).
 * `test/unit/language/fast-parser.test.ts` compares both parsers on every sample, fixture and
 * generated model, every keyword used as a name, and random token soup.
 *
 * The parts, one job each: `grammar.ts` (grammar look-ups), `lexer.ts` (tokens), `tree-builder.ts`
 * (CST and AST nodes as Langium builds them), `parser.ts` (the recursive descent), `reparse.ts`
 * (the incremental re-parse).
 */
import type { AstNode, LangiumCoreServices, Linker, ParseResult } from 'langium';
import { grammarElements, mandatoryDefaults, type Defaults, type Elements } from './grammar.js';
import { ArchLexer } from './lexer.js';
import { checkMembers, GiveUp, parseDocument, type ParseContext } from './parser.js';
import { reparse } from './reparse.js';

/**
 * The fast parser for one language instance. `parse` returns Langium's `ParseResult` for a
 * well-formed text, or `undefined` to hand the text to Langium's parser.
 */
export class FastArchParser implements ParseContext {
  readonly elements: Elements;
  readonly defaults: Defaults;
  private readonly lexer: ArchLexer;
  private linkerRef: Linker | undefined;

  constructor(private readonly services: LangiumCoreServices) {
    this.lexer = new ArchLexer(services.parser.Lexer.definition);
    this.elements = grammarElements(services.Grammar);
    this.defaults = mandatoryDefaults(services.shared.AstReflection);
  }

  /** Langium's linker, which builds the references (read on first parse: services are lazy). */
  get linker(): Linker {
    return (this.linkerRef ??= this.services.references.Linker);
  }

  /**
   * Incremental re-parse after an edit (see `reparse.ts`): the old tree updated in place to equal
   * a full parse of `text`, or `undefined`, having changed nothing.
   */
  reparse(old: ParseResult<AstNode>, text: string): ParseResult<AstNode> | undefined {
    return reparse(old, text, this.lexer, this);
  }

  /** Parses a whole document, or returns `undefined` to hand it to Langium's parser. */
  parse(text: string): ParseResult<AstNode> | undefined {
    const r = this.attempt(text);
    return r instanceof GiveUp ? undefined : r;
  }

  /**
   * Parses a whole document, or says where it gave up and whether the text may still be valid
   * there (`GiveUp.ambiguous`, or a character the lexer does not know: then Langium decides).
   */
  /**
   * Whether `text` from `from` to `to` is whole system members (for error recovery): `undefined`
   * if so, else where it gave up (a character the lexer does not know: at `from`, not ambiguous).
   */
  checkMembers(text: string, from: number, to: number): GiveUp | undefined {
    const lexed = this.lexer.lex(text, from, to);
    if (!lexed) return new GiveUp(from, false);
    return checkMembers(this, text, lexed);
  }

  attempt(text: string): ParseResult<AstNode> | GiveUp {
    const lexed = this.lexer.lex(text);
    if (!lexed) return new GiveUp(0, true);
    return parseDocument(this, text, lexed);
  }
}
