/**
 * Issue 16's words in the editor: hover docs of the edge modifiers (`parallel`, `optional`), the
 * consistency requirements and the new keys where a key has a doc of its own (settings, a set
 * step); semantic tokens of the new modifiers, keys and values; formatting keeps them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { PROPERTY_SPECS } from '../../../src/core/properties.js';
import { formatText } from '../../../src/language/format.js';
import { ROOT } from '../helpers.js';
import { lspServices } from './services.js';

const TEXT = [
  'system s {',
  '  settings { region eu-west region-latency 80 ms }',
  '  service app { connections 50 }',
  '  service a',
  '  service b',
  '  worker job { schedule every 1 day run 20 min rate 200 rps }',
  '  database db { read-from sticky max-connections 500 }',
  '  app -> a, b parallel { timeout 120 ms retries 2 budget 10 % jitter circuit-breaker 50 % fallback }',
  '  app -> a optional',
  '  app -> db reads requires monotonic { read-from primary bulkhead 10 }',
  '  scenario x {',
  '    job every 2 h',
  '  }',
  '}',
  '',
].join('\n');

describe('hover docs of issue 16 words', () => {
  it('explains parallel, optional, a requirement, and keys in settings and a set step', async () => {
    const s = lspServices();
    const doc = await parseHelper(s)(TEXT);
    await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const hover = async (line: number, word: string) => {
      const character = TEXT.split('\n')[line]!.indexOf(word) + 1;
      const h = await s.lsp.HoverProvider!.getHoverContent(doc, {
        textDocument: { uri: doc.uri.toString() },
        position: { line, character },
      });
      return (h?.contents as { value?: string } | undefined)?.value ?? '';
    };
    expect(await hover(7, 'parallel')).toContain('**parallel**\n\nThe statement');
    expect(await hover(8, 'optional')).toContain('**optional**\n\nPartial results');
    expect(await hover(9, 'monotonic')).toContain('**requires monotonic**\n\na user never sees older data');
    expect(await hover(1, 'region-latency')).toContain('**region-latency**\n\nLatency added');
    expect(await hover(1, 'region')).toContain('**region**\n\nThe region it runs in');
    expect(await hover(11, 'every')).toContain('**every**\n\nHow often the scheduled job starts');
    // a key on an edge still hovers as the edge (its figures), not as the word
    expect(await hover(7, 'circuit-breaker')).not.toContain('**circuit-breaker**');
  });
});

describe('semantic tokens of issue 16 words', () => {
  it('colours the new modifiers, keys and values', async () => {
    const s = lspServices();
    const doc = await parseHelper(s)(TEXT);
    await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const tokens = await s.lsp.SemanticTokenProvider!.semanticHighlight(doc, {
      textDocument: { uri: doc.uri.toString() },
    });
    const legend = Object.fromEntries(Object.entries(s.lsp.SemanticTokenProvider!.tokenTypes).map(([n, i]) => [i, n]));
    const lines = TEXT.split('\n');
    const words: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i]!;
      char = tokens.data[i] === 0 ? char + tokens.data[i + 1]! : tokens.data[i + 1]!;
      words.push(`${lines[line]!.slice(char, char + tokens.data[i + 2]!)}:${legend[tokens.data[i + 3]!]}`);
    }
    expect(words).toEqual(
      expect.arrayContaining([
        'parallel:modifier',
        'optional:modifier',
        'monotonic:enumMember',
        'circuit-breaker:property',
        'budget:property',
        'jitter:property',
        'fallback:property',
        'bulkhead:property',
        'schedule:property',
        'every:property',
        'run:property',
        'max-connections:property',
        'sticky:enumMember',
        'eu-west:enumMember',
        'region-latency:property',
      ]),
    );
  });
});

describe('formatting keeps issue 16 words', () => {
  it('spaces them like any other and changes no word; idempotent', () => {
    const messy = TEXT.replace(/ /g, '   ').replace(/\n {3,}/g, '\n');
    const out = formatText(messy);
    expect(out).toBe(TEXT);
    expect(formatText(out)).toBe(out);
  });
});

describe('the TextMate grammar colours issue 16 words', () => {
  const g = JSON.parse(readFileSync(join(ROOT, 'syntaxes/arch.tmLanguage.json'), 'utf8')) as {
    repository: Record<string, { match?: string; patterns?: { name: string; match?: string }[] }>;
  };
  /** The whole words a pattern colours in `text`. */
  const colours = (match: string, text: string) => [...text.matchAll(new RegExp(match, 'g'))].map((m) => m[1] ?? m[0]);
  it('every property key as a whole key, the modifiers and the requirements', () => {
    const keys = g.repository.properties!.match!;
    for (const s of PROPERTY_SPECS)
      if (s.key !== 'description' && s.key !== 'requires')
        expect(colours(keys, `{ ${s.key} 1 }`), s.key).toEqual([s.key]);
    const edge = g.repository.edge!.patterns!;
    const modifier = edge.find((p) => p.name.includes('edge-modifier'))!.match!;
    expect(colours(modifier, 'a -> b, c parallel optional requires x')).toEqual(['parallel', 'optional', 'requires']);
    const requirement = edge.find((p) => p.name.includes('consistency'))!.match!;
    expect(colours(requirement, 'requires session requires monotonic')).toEqual(['session', 'monotonic']);
  });
});
