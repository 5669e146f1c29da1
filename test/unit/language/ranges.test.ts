/**
 * cstLocation computes a composite node's range itself (without the objects Langium's getter
 * makes on the way): it must be Langium's range, on every node of every sample and fixture and
 * of texts with syntax errors (Langium's recovering parser leaves odd nodes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, isCompositeCstNode, type CstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { createArchscaleCoreServices } from '../../../src/language/archscale-module.js';
import { cstLocation } from '../../../src/language/syntax.js';
import { ROOT } from '../helpers.js';

const { Archscale } = createArchscaleCoreServices(EmptyFileSystem);
const parse = (text: string) => Archscale.parser.LangiumParser.parse(text, { rule: 'Document' }).value.$cstNode!;

function nodes(root: CstNode): CstNode[] {
  const out: CstNode[] = [root];
  for (let k = 0; k < out.length; k++) {
    const n = out[k]!;
    if (isCompositeCstNode(n)) out.push(...n.content);
  }
  return out;
}

function archFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? archFiles(p) : p.endsWith('.arch') ? [p] : [];
  });
}

describe('cstLocation gives Langium ranges', () => {
  const texts = [...archFiles(join(ROOT, 'samples')), ...archFiles(join(ROOT, 'test/fixtures'))].map((p) =>
    readFileSync(p, 'utf8'),
  );
  texts.push(
    'system s {\n  service a { capacity }\n  a -> \n',
    'system {',
    '',
    '// only a comment\n',
    'system s { service a { capacity 5 rps } /* c */ }\nsystem t {}',
  );

  it('on every node (computed on one parse, read from Langium on another)', () => {
    let compared = 0;
    for (const text of texts) {
      const ours = nodes(parse(text));
      const langium = nodes(parse(text));
      expect(ours.length).toBe(langium.length);
      for (let k = 0; k < ours.length; k++) {
        expect(cstLocation('u', ours[k]).range, text).toEqual(langium[k]!.range);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
