/**
 * `archscale render`: Mermaid text, Markdown, and SVG / PNG drawn in Debian's Chromium; usage
 * errors and a missing Chromium give exit code 2 and a clear message.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';
import { ROOT } from '../helpers.js';
import { mermaidParse, removeDom } from '../mermaid/mermaid-node.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-render-'));
  cpSync(join(ROOT, 'samples'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'broken.arch'),
    'system s {\n  client c { rate 10 rps }\n  service api { instances 2 capacity 100 rps }\n  c -> api\n  c -> nope\n}\n',
  );
});

const chromium = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (chromium === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = chromium;
});

describe('archscale render', () => {
  it('prints the Mermaid text by default, which Mermaid accepts', async () => {
    const r = await run(['render', 'social-feed.arch'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^---\nconfig:\n  layout: dagre\n[\s\S]*\nflowchart LR\n/);
    expect(r.out).toContain('<b>timeline-api</b>');
    expect(r.out).toContain('<b>auth</b>'); // from the imported file
    await expect(mermaidParse(r.out)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    removeDom();
  });

  it('writes a Markdown block with -o', async () => {
    const r = await run(['render', 'order-pipeline.arch', '--format', 'md', '-o', 'order.md'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const md = readFileSync(join(dir, 'order.md'), 'utf8');
    expect(md).toMatch(/^```mermaid\n---\n[\s\S]*\n```\n$/);
  });

  it('draws SVG and PNG in Chromium', async () => {
    const svg = await run(['render', 'url-shortener.arch', '--format=svg'], dir);
    expect(svg.code, svg.err).toBe(0);
    expect(svg.err).toMatch(/wrote url-shortener\.svg \(\d+ nodes, drawn in \d+ ms\)/);
    const text = readFileSync(join(dir, 'url-shortener.svg'), 'utf8');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    expect(text).toContain('read-api');
    const png = await run(['render', 'url-shortener.arch', '--format', 'png', '--out', 'out.png'], dir);
    expect(png.code, png.err).toBe(0);
    const bytes = readFileSync(join(dir, 'out.png'));
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('draws what it can of a model with errors, and exits 1', async () => {
    const r = await run(['render', 'broken.arch'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.arch:5:\d+ error unresolved-reference/);
    expect(r.out).toContain('<b>api</b>');
  });

  it('says clearly when Chromium is missing (exit 2)', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const r = await run(['render', 'social-feed.arch', '--format', 'svg'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /needs Chromium, and \/nonexistent\/chromium was not found: install it \(apt-get install chromium\) or set CHROMIUM_PATH/,
    );
    expect(existsSync(join(dir, 'social-feed.svg'))).toBe(false);
  });

  it('rejects bad usage with exit 2', async () => {
    for (const [args, message] of [
      [['render'], /render takes exactly one file/],
      [['render', 'a.arch', 'b.arch'], /render takes exactly one file/],
      [['render', 'social-feed.arch', '--format', 'pdf'], /--format takes mermaid, svg, png or md \(got 'pdf'\)/],
      [['render', 'social-feed.arch', '-o'], /-o takes a file/],
      [['check', 'social-feed.arch', '-o', 'x'], /unknown option '-o' for check/],
      [['render', 'missing.arch'], /no such file or folder: missing\.arch/],
    ] as const) {
      const r = await run([...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });
});
