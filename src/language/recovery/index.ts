/**
 * Error recovery at the statement (see `recover.ts`): the parser service calls `recoverParse` for a
 * text it cannot read, and the model builder and the validator read what was left out through
 * `brokenNames` and `recoveredErrorCode`.
 */
import type { AstNode, ParseResult } from 'langium';
import { recover, type RecoveredError, type Recovery, type RecoveryParsers } from './recover.js';

export type { RecoveredError, Recovery, RecoveryParsers } from './recover.js';

/** What recovery left out of a document, by its root node. */
const recoveries = new WeakMap<AstNode, Recovery>();

/**
 * The parse of a text with its broken statements blanked out and one error for each, or
 * `undefined` when recovery cannot make the rest parse (then Langium's own recovery stands).
 */
export function recoverParse(text: string, parsers: RecoveryParsers): ParseResult<AstNode> | undefined {
  const r = recover(text, parsers);
  if (!r) return undefined;
  recoveries.set(r.result.value, r.recovery);
  return r.result;
}

/** The component names written in statements recovery left out of this document. */
export function brokenNames(root: AstNode): readonly string[] {
  return recoveries.get(root)?.names ?? [];
}

/** Whether recovery left an import of this document out. */
export function lostImport(root: AstNode): boolean {
  return recoveries.get(root)?.brokenImport ?? false;
}

/** Whether recovery reported an error between two offsets of this document (inside a component). */
export function recoveredWithin(root: AstNode, from: number, to: number): boolean {
  return recoveries.get(root)?.errors.some((e) => e.start >= from && e.end <= to) ?? false;
}

/** The diagnostic code of an error recovery reported (`undefined` for any other parser error). */
export function recoveredErrorCode(error: unknown): RecoveredError['code'] | undefined {
  const e = error as { name?: string; code?: RecoveredError['code'] };
  return e.name === 'ArchscaleRecovery' ? e.code : undefined;
}
