/**
 * The typing test (issue 13): typos in every sample and rule fixture, each variant checked as
 * `archscale check` checks it, held to the limits of test/typing/expectations.ts: per typo at most
 * so many language errors, no finding that neither the clean file nor the broken statement
 * explains (test/typing/explains.ts), no crash, no hang.
 *
 * Every deleted line and every prefix of every file is checked; of the swaps and character
 * deletions, every TEST_SELECTION.stride-th offset outside comments (the whole would take minutes
 * here: `npm run typing-report` runs every typo and prints the table).
 */
import { describe, expect, it } from 'vitest';
import { typingTargets, type Target } from '../../typing/corpus.js';
import { TEST_SELECTION } from '../../typing/expectations.js';
import { overLimits, runTyping } from '../../typing/run.js';
import { commentBodies, type Typo } from '../../typing/typos.js';
import { ROOT } from '../helpers.js';

function selection(): (target: Target, typo: Typo) => boolean {
  const comments = new Map<string, Uint8Array>();
  return (target, typo) => {
    if (typo.offset === undefined) return true;
    let inComment = comments.get(target.file);
    if (!inComment) comments.set(target.file, (inComment = commentBodies(target.files[target.file]!)));
    const width = typo.kind === 'swap' ? 2 : 1;
    if (TEST_SELECTION.skipCommentBodies && inComment.subarray(typo.offset, typo.offset + width).every((b) => b === 1))
      return false;
    return (typo.offset + shift(target.file)) % TEST_SELECTION.stride === 0;
  };
}

/** A small per-file shift of the stride (the sum of its path's character codes). */
function shift(file: string): number {
  let h = 0;
  for (let i = 0; i < file.length; i++) h += file.charCodeAt(i);
  return h;
}

describe('typing: one typo, one error at its place, nothing else changes', () => {
  it('holds for the typos of every sample and rule fixture', async () => {
    const result = await runTyping(typingTargets(ROOT), { select: selection() });
    expect(result.checked).toBeGreaterThan(10_000);
    expect(overLimits(result)).toEqual([]);
  }, 600_000);
});
