/**
 * What the typing test asserts, per kind of typo: the thresholds are data, so that tightening or
 * (with a reason) loosening one is a one-line change. `typing.test.ts` checks every variant
 * against its row; `npm run typing-report` prints how far today's code is from them.
 */
import type { TypoKind } from './typos.js';

export interface Expectation {
  /** Language errors (syntax, linking, validation) one typo may cause: a missing brace may need one at each end. */
  maxErrorsPerTypo: number;
  /**
   * Whether the unresolved references to one name count as one error (a renamed or deleted
   * declaration leaves each reference to it unresolved); false: every error the user sees counts.
   */
  oneErrorPerUnknownName: boolean;
  /** Rule findings that neither the clean file nor the broken statement explains (explains.ts), over all typos. */
  unexplainedFindings: number;
}

export const EXPECTATIONS: Record<TypoKind, Expectation> = {
  swap: { maxErrorsPerTypo: 2, oneErrorPerUnknownName: false, unexplainedFindings: 0 },
  'delete-char': { maxErrorsPerTypo: 2, oneErrorPerUnknownName: false, unexplainedFindings: 0 },
  'delete-line': { maxErrorsPerTypo: 2, oneErrorPerUnknownName: false, unexplainedFindings: 0 },
  typed: { maxErrorsPerTypo: 2, oneErrorPerUnknownName: false, unexplainedFindings: 0 },
};

/** No variant may take this long to check (a hang); each takes a few milliseconds. */
export const MAX_MS_PER_VARIANT = 1000;

/**
 * What the unit test checks, to fit in CI (the report, `npm run typing-report`, checks every
 * typo): every deleted line and every prefix; of the swaps and character deletions, those at
 * every `stride`-th offset (shifted per file, so that files of the same layout are not hit at the
 * same columns), leaving out those inside a line comment's text, which change only the comment.
 */
export const TEST_SELECTION = { stride: 4, skipCommentBodies: true };
