/**
 * Edits arriving while an earlier edit is still being built: the earlier inlay-hint request must
 * not hold up the newer build (it is answered or cancelled), whether or not the client cancels it,
 * and the newer edit's hints must be fresh. Runs the language server's services in process, the
 * same code as `npm run bench` (bench/edit-lsp.ts); a hang shows as the bench's timeout.
 */
import { describe, expect, it } from 'vitest';
import { generateArchText } from '../../../bench/generate-text.js';
import { measureEdits } from '../../../bench/edit-lsp.js';

describe('stale requests', () => {
  it('a second edit during the first build: no deadlock, fresh hints, every edit answered', async () => {
    const gen = generateArchText(300, 7);
    const r = await measureEdits(gen.text, gen.firstComponentLine, 300, 3);
    expect(r.freshHints).toBe(3);
    for (const s of r.stale) {
      expect(s.deadlockMs, `client cancels: ${s.clientCancels}`).toBeUndefined();
      expect(s.firstRequest).not.toBe('pending');
      expect(s.hintsForSecond).toBe(true);
    }
  }, 60_000);
});
