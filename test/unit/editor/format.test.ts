import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/core/model.js';
import { formatText } from '../../../src/language/format.js';
import { loadTexts } from '../../../src/language/workspace.js';
import { sampleFiles } from '../helpers.js';

/** The model without source locations: what formatting must not change. */
function meaning(m: Model): unknown {
  return JSON.parse(
    JSON.stringify(m, (k, v: unknown) =>
      k === 'location' || k === 'nameLocation' || k === 'propertyLocations' ? undefined : v,
    ),
  );
}

const MESSY = `// header comment
system   shop{
slo {p95 200 ms   availability 99.9 %}
      client web{rate 10 k rps   reads 90 %}   // trailing comment
  service api {
instances 4
        capacity 500 rps ;
  autoscale 2 .. 8
      }


  /* a block
     comment */ database db { replicas 2 async }
web->api
  api -> db , api reads requires   strong { timeout 300 ms }
}
`;

describe('formatter', () => {
  it('lays out a messy file canonically', () => {
    expect(formatText(MESSY)).toBe(`// header comment
system shop {
  slo { p95 200 ms availability 99.9 % }
  client web { rate 10 k rps reads 90 % }   // trailing comment
  service api {
    instances 4
    capacity 500 rps;
    autoscale 2..8
  }

  /* a block
     comment */ database db { replicas 2 async }
  web -> api
  api -> db, api reads requires strong { timeout 300 ms }
}
`);
  });

  it('is idempotent and keeps the model, on every sample and the messy file', async () => {
    const files = { ...sampleFiles(), '/w/messy.arch': MESSY };
    for (const [path, text] of Object.entries(files)) {
      const once = formatText(text);
      expect(formatText(once), path).toBe(once);
      const before = await loadTexts({ [path]: text });
      const after = await loadTexts({ [path]: once });
      expect(meaning(after.model), path).toEqual(meaning(before.model));
      expect(after.diagnostics.filter((d) => d.severity === 'error').length, path).toBe(
        before.diagnostics.filter((d) => d.severity === 'error').length,
      );
    }
  });

  it('is idempotent on arbitrary token soup', () => {
    const piece = fc.constantFrom(
      'system',
      's',
      '{',
      '}',
      '->',
      ',',
      ';',
      '..',
      '10',
      'k',
      'rps',
      '%',
      '"a b"',
      '// c',
      '/* d */',
      '/* e',
      '*/',
      '\n',
      '\n\n',
      '  ',
      'x-y',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const once = formatText(parts.join(' '));
        expect(formatText(once)).toBe(once);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('format over LSP and the CLI', () => {
  it('the language server formats a document to the same text', async () => {
    const { parseHelper } = await import('langium/test');
    const { lspServices } = await import('./services.js');
    const services = lspServices();
    const doc = await parseHelper(services)(MESSY);
    const edits = await services.lsp.Formatter!.formatDocument(doc, {
      textDocument: { uri: doc.uri.toString() },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(formatText(MESSY));
    const clean = await parseHelper(services)(formatText(MESSY));
    expect(
      await services.lsp.Formatter!.formatDocument(clean, {
        textDocument: { uri: clean.uri.toString() },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
  });

  it('archscale format rewrites files and --check reports them', async () => {
    const { mkdtempSync, writeFileSync, readFileSync: read } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../../src/cli/main.js');
    const dir = mkdtempSync(join(tmpdir(), 'archscale-fmt-'));
    writeFileSync(join(dir, 'm.arch'), MESSY);
    let out = '';
    const io = { out: (s: string) => (out += s), err: () => undefined, cwd: dir };
    expect(await main(['format', '--check', 'm.arch'], io)).toBe(1);
    expect(out).toBe('m.arch: not formatted\n');
    expect(read(join(dir, 'm.arch'), 'utf8')).toBe(MESSY);
    expect(await main(['format', '.'], io)).toBe(0);
    expect(read(join(dir, 'm.arch'), 'utf8')).toBe(formatText(MESSY));
    expect(await main(['format', '--check', 'm.arch'], io)).toBe(0);
  });
});
