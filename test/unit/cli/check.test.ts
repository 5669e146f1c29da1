import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';
import { ROOT } from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archscale-cli-'));
  writeFileSync(
    join(dir, 'good.arch'),
    'system s {\n  client c { rate 10 rps }\n  service a { capacity 100 rps }\n  c -> a\n}\n',
  );
  writeFileSync(join(dir, 'bad.arch'), 'system s {\n  client c { rate 10 }\n  service b\n  c -> nope\n}\n');
  writeFileSync(join(dir, 'warn.arch'), 'system w {\n  service x\n  x -> x\n}\n');
});

describe('archscale check', () => {
  it('prints file:line:col severity code message and exits 1 on errors', async () => {
    const r = await run(['check', 'bad.arch'], dir);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      'bad.arch:2:19 error bad-number rate needs a unit: a rate: `rps` or `per second|minute|hour|day|month` (e.g. `600 rps`, `3 million per day`)',
      // (b is unreachable, but while the file has errors that may be the errors' doing: it waits)
      "bad.arch:4:8 error unresolved-reference unknown component 'nope' (declare it in this file or import the file that declares it)",
    ]);
    expect(r.err).toContain('2 errors, 0 warnings');
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await run(['check', 'warn.arch', 'good.arch'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("warn.arch:3:8 warning self-edge 'x' calls itself: the analysis ignores self-edges\n");
  });

  it('checks folders and prints JSON with --json', async () => {
    const r = await run(['check', '.', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as Record<string, unknown>[];
    expect(json.map((d) => `${String(d.line)} ${String(d.code)}`)).toEqual([
      '2 bad-number',
      '4 unresolved-reference',
      '3 self-edge',
    ]);
    expect(json[0]).toEqual({
      file: join(dir, 'bad.arch'),
      line: 2,
      column: 19,
      severity: 'error',
      code: 'bad-number',
      message: expect.stringContaining('rate needs a unit') as unknown,
    });
    expect(Object.keys(json[2]!).sort()).toEqual(['code', 'column', 'file', 'line', 'message', 'severity']);
  });

  it('gives clear messages for bad usage', async () => {
    expect(await run(['frobnicate'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown command 'frobnicate'"),
    });
    expect(await run(['check', '--jsn', 'good.arch'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown option '--jsn'"),
    });
    expect(await run(['check'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('at least one file or folder'),
    });
    expect(await run(['check', 'missing.arch'], dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file or folder: missing.arch'),
    });
    const help = await run(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.out).toContain('archscale check <files or folders...>');
    expect(help.out).toContain('archscale analyze <file> [--json]');
  });

  it('reports nothing on the good samples', async () => {
    const good = ['capacity-plan.arch', 'url-shortener.arch', 'social-feed.arch', 'order-pipeline.arch'].map((f) =>
      join(ROOT, 'samples', f),
    );
    const r = await run(['check', ...good], ROOT);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('exits 1 on the deliberately bad sample', async () => {
    const r = await run(['check', join(ROOT, 'samples/bad-design.arch')], ROOT);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error overloaded');
  });
});

describe('the built CLI bundle', () => {
  const cli = join(ROOT, 'out/cli.cjs');
  it('runs as a program with the right exit codes', () => {
    const bad = spawnSync(process.execPath, [cli, 'check', join(dir, 'bad.arch')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('error unresolved-reference');
    const good = execFileSync(process.execPath, [cli, 'check', join(dir, 'good.arch')], { encoding: 'utf8' });
    expect(good).toBe('');
  });
});
