/**
 * The typing test as the editor sees it: one document open in a workspace, a typo typed into it
 * and then undone, as in an editor. While a typo leaves components unsure, the editor keeps their
 * findings as they were (ARCHITECTURE.md, "Broken text"), so nothing changes but what sits on the
 * typo's own line(s): no finding appears or vanishes elsewhere, and there are at most two errors.
 * Files with findings to keep (the bad-design sample and rule fixtures that fail); every
 * adjacent-letter swap and character deletion at a stride (outside comment text), every deleted line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/rules/types.js';
import { ArchscaleWorkspace, memoryFs } from '../../../src/language/workspace.js';
import { commentBodies, typosOf, type Typo } from '../../typing/typos.js';
import { ROOT } from '../helpers.js';

const FILES = [
  'samples/bad-design.arch',
  'test/fixtures/rules/single-point-of-failure/invalid.arch',
  'test/fixtures/rules/missing-cache/invalid-two-services.arch',
  'test/fixtures/rules/stateful-clones/invalid-behind-balancer.arch',
  'test/fixtures/rules/overloaded/invalid-pool.arch',
];
const STRIDE = 5;

const key = (f: Finding) => `${f.rule} ${f.components.join(',')} ${f.location.range.start.line}: ${f.message}`;

describe('typing in the editor: nothing changes but the typo', () => {
  it.each(FILES)(
    '%s',
    async (file) => {
      const path = `/w/${file}`;
      const clean = readFileSync(join(ROOT, file), 'utf8');
      const files: Record<string, string> = { [path]: clean };
      const ws = new ArchscaleWorkspace(memoryFs(files));
      ws.addFiles([path]);
      await ws.build();
      const uri = URI.file(path);
      const insight = ws.services.insight.InsightService;
      const type = async (text: string) => {
        files[path] = text;
        await ws.shared.workspace.DocumentBuilder.update([uri], []);
        const doc = ws.shared.workspace.LangiumDocuments.getDocument(uri)!;
        const errors = (doc.diagnostics ?? []).filter((d) => d.severity === 1 && !(d.data as { rule?: string })?.rule);
        return { errors, findings: insight.findingsIn(uri.toString()).map(key) };
      };
      const start = await type(clean);
      expect(start.errors).toEqual([]);
      expect(start.findings.length).toBeGreaterThan(0);
      const comments = commentBodies(clean);
      const typos: Typo[] = [];
      for (const kind of ['swap', 'delete-char', 'delete-line'] as const)
        for (const t of typosOf(clean, kind)) {
          if (t.offset !== undefined && (comments[t.offset] === 1 || t.offset % STRIDE !== 0)) continue;
          typos.push(t);
        }
      expect(typos.length).toBeGreaterThan(50);
      const problems: string[] = [];
      for (const t of typos) {
        const got = await type(t.text);
        // A deleted line moves the lines below it up by one: compare those findings where they now are.
        const shift = t.text.split('\n').length - clean.split('\n').length;
        const first = Math.min(...t.linesAfter);
        const expected = new Set(
          start.findings.map((f) => {
            const line = Number(f.split(' ')[2]!.slice(0, -1));
            return shift !== 0 && line > first ? f.replace(` ${line}: `, ` ${line + shift}: `) : f;
          }),
        );
        // Explained by the typo: a finding on its line(s), or about a component named there, or (a
        // typo in a system's `slo { … }`) one that compares with the SLO it broke (it names the SLO).
        const named = (f: string) =>
          f
            .split(' ')[1]!
            .split(',')
            .some((c) => c && (t.before.includes(c) || t.after.includes(c)));
        const inSlo = /^\s*slo\s*\{/.test(t.before);
        const onTypo = (f: string) =>
          t.linesAfter.includes(Number(f.split(' ')[2]!.slice(0, -1))) || named(f) || (inSlo && f.includes(' SLO'));
        // A typo that leaves a valid model (a digit deleted) changed the design itself: its findings are its own.
        if (got.errors.length === 0) {
          await type(clean);
          continue;
        }
        const appeared = got.findings.filter((f) => !expected.has(f) && !onTypo(f));
        const kept = new Set(got.findings);
        const vanished = [...expected].filter((f) => !kept.has(f) && !onTypo(f));
        if (got.errors.length > 2 || appeared.length > 0 || vanished.length > 0)
          problems.push(
            `${t.label}: ${got.errors.length} errors; appeared ${appeared.join(' | ')}; vanished ${vanished.join(' | ')}`,
          );
        await type(clean);
      }
      expect(problems.slice(0, 5), `${problems.length} of ${typos.length} typos`).toEqual([]);
    },
    300_000,
  );
});
