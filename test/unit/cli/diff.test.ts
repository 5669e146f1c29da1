/**
 * `archscale diff`: snapshots of the text, Markdown and JSON on pairs of models (update them with
 * `npm run snapshots:update`, i.e. `vitest run -u`), the gates' exit codes, bad usage, and
 * `--git` against a temporary repository.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import type { ModelDiff } from '../../../src/cli/diff/compare.js';
import { md } from '../../../src/cli/diff/report.js';
import { run } from './run.js';
import { ROOT } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, 'diff-fixtures');
const CASES = readdirSync(FIXTURES).sort();

describe('archscale diff on pairs of models (snapshots)', () => {
  it('has the cases the snapshots cover', () => {
    expect(CASES).toEqual(['capacity-drop', 'slo-missed', 'topology', 'unchanged']);
  });

  for (const name of CASES) {
    it(`${name}: text, Markdown and JSON`, async () => {
      const cwd = join(FIXTURES, name);
      const text = await run(['diff', 'base', 'head'], cwd);
      expect(text.code, text.err).toBe(0);
      await expect(text.out).toMatchFileSnapshot(`./__snapshots__/diff/${name}.txt`);
      const markdown = await run(['diff', 'base', 'head', '--format', 'markdown'], cwd);
      await expect(markdown.out).toMatchFileSnapshot(`./__snapshots__/diff/${name}.md`);
      const json = await run(['diff', 'base', 'head', '--json'], cwd);
      await expect(json.out).toMatchFileSnapshot(`./__snapshots__/diff/${name}.json`);
      expect(json.out).not.toMatch(/NaN|Infinity/);
    });
  }
});

const diffJson = async (cwd: string, ...args: string[]) => {
  const r = await run(['diff', ...args, '--json'], cwd);
  return { ...r, diff: JSON.parse(r.out) as ModelDiff };
};

describe('what archscale diff reports', () => {
  it('a capacity cut: max throughput, utilisation, the new finding', async () => {
    const { diff } = await diffJson(join(FIXTURES, 'capacity-drop'), 'base', 'head');
    const s = diff.systems.find((x) => x.name === 'flight-search')!;
    expect(s.maxThroughput.base! / s.maxThroughput.head!).toBeCloseTo(857 / 600, 6);
    expect(s.maxThroughputChange).toBeCloseTo(600 / 857 - 1, 6);
    expect(s.bottleneck).toEqual({ base: 'app', head: 'app' });
    expect(diff.components.changed.map((c) => [c.id, c.changes])).toEqual([
      ['app', [{ property: 'capacity', base: '857 rps', head: '600 rps' }]],
      ['redis', [{ property: 'hit', base: '80 %', head: '60 %' }]],
    ]);
    expect(diff.utilization.map((u) => u.component)).toEqual(['app', 'flights-db']);
    // app at 83 %: low-headroom for the component; the p95 SLO then holds only to 1.2×: scaling-headroom for the system.
    expect(diff.findings.added.map((f) => [f.code, f.severity])).toEqual([
      ['low-headroom', 'warning'],
      ['scaling-headroom', 'warning'],
    ]);
    expect(diff.findings.resolved).toEqual([]);
    expect(diff.failed).toEqual([]);
  });

  it('a new cache: components and edges added and changed, a finding moved, an imported file changed', async () => {
    const { diff } = await diffJson(join(FIXTURES, 'topology'), 'base', 'head');
    expect(diff.components.added).toEqual([{ id: 'products', kind: 'cache', system: 'shop' }]);
    expect(diff.components.changed.map((c) => c.id)).toEqual(['auth']);
    expect(diff.edges.added.map((e) => `${e.from}->${e.to}`)).toEqual(['web->products', 'products->catalog']);
    expect(diff.edges.changed.map((e) => [e.id, e.changes.map((c) => c.property)])).toEqual([
      ['web->catalog#0', ['traffic']],
      ['web->auth#0', ['timeout']],
    ]);
    expect(diff.utilization.find((u) => u.component === 'catalog')).toBeDefined();
  });

  it('an overload: SLO missed, a new error, consistency and storage moved', async () => {
    const { diff } = await diffJson(join(FIXTURES, 'slo-missed'), 'base', 'head');
    const s = diff.systems[0]!;
    expect(s.latencySlo).toEqual({ base: true, head: false });
    expect(s.worstP95.headText).toBe('∞ (saturated)');
    expect(diff.utilization.find((u) => u.component === 'read-api')?.saturated).toEqual({ base: false, head: true });
    expect(diff.consistency).toEqual([{ component: 'pastes', base: 'eventual ≤ 500 ms, AP', head: 'strong, CP' }]);
    expect(diff.storage.map((x) => x.component)).toEqual(['pastes']);
    expect(diff.findings.added.map((f) => f.code).sort()).toEqual(['overloaded', 'storage-growth']);
  });

  it('moving text and comments around is no change', async () => {
    const r = await run(['diff', 'base', 'head'], join(FIXTURES, 'unchanged'));
    expect(r.out).toBe('archscale diff base → head\nno change\n');
  });
});

describe('archscale diff gates', () => {
  const cwd = join(FIXTURES, 'capacity-drop');
  it('fails when max throughput drops by more than the share given', async () => {
    // 857 → 600 rps per app instance: a 30 % drop
    const over = await run(['diff', 'base', 'head', '--fail-on-throughput-drop', '25%'], cwd);
    expect(over.code).toBe(1);
    expect(over.err).toContain('flight-search: max throughput dropped 30 % (17.1k rps → 12k rps; limit 25 %)');
    expect((await run(['diff', 'base', 'head', '--fail-on-throughput-drop=0.35'], cwd)).code).toBe(0);
    // the other way round it is a rise
    expect((await run(['diff', 'head', 'base', '--fail-on-throughput-drop', '1%'], cwd)).code).toBe(0);
  });

  it('fails on a new error and on an SLO turned missed, only when asked', async () => {
    const slo = join(FIXTURES, 'slo-missed');
    expect((await run(['diff', 'base', 'head'], slo)).code).toBe(0);
    const err = await diffJson(slo, 'base', 'head', '--fail-on-new-error');
    expect(err.code).toBe(1);
    expect(err.diff.failed.map((g) => g.gate)).toEqual(['new-error']);
    const missed = await diffJson(slo, 'base', 'head', '--fail-on-slo-missed');
    expect(missed.code).toBe(1);
    expect(missed.diff.failed).toEqual([
      { gate: 'slo-missed', message: 'shortener: the latency SLO is now missed (worst p95 ∞ (saturated))' },
    ]);
    // missed already at the base: not a change this diff makes
    expect((await run(['diff', 'head', 'head', '--fail-on-slo-missed', '--fail-on-new-error'], slo)).code).toBe(0);
    // the fix resolves them: no gate fails going back
    expect((await run(['diff', 'head', 'base', '--fail-on-new-error', '--fail-on-slo-missed'], slo)).code).toBe(0);
    // a warning is not an error
    expect((await run(['diff', 'base', 'head', '--fail-on-new-error'], cwd)).code).toBe(0);
  });

  it('shows failed gates at the top of the Markdown', async () => {
    const r = await run(['diff', 'base', 'head', '--format', 'md', '--fail-on-throughput-drop', '10%'], cwd);
    const lines = r.out.split('\n');
    expect(lines[2]).toBe('**❌ 1 check failed**');
    expect(r.out.indexOf('| system |')).toBeGreaterThan(r.out.indexOf('check failed'));
    expect(r.out.indexOf('| system |')).toBeLessThan(r.out.indexOf('<details>'));
  });

  it('gives clear messages for bad usage', async () => {
    expect(await run(['diff', 'base'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining('diff takes two files or folders (BASE HEAD), or --git REF [files or folders]'),
    });
    expect(await run(['diff', 'base', 'head', '--format', 'sarif'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--format takes text, markdown or json (got 'sarif')"),
    });
    expect(await run(['diff', 'base', 'head', '--fail-on-throughput-drop', 'lots'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--fail-on-throughput-drop takes a share such as 10% or 0.1 (got 'lots')"),
    });
    expect(await run(['diff', 'base', 'head', '--fail-on-throughput-drop'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--fail-on-throughput-drop takes a share such as 10%'),
    });
    expect(await run(['diff', 'base', 'nope'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file or folder: nope'),
    });
    expect(await run(['diff', 'base', 'head', '--fail-on-new-errors'], cwd)).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown option '--fail-on-new-errors' for diff"),
    });
  });
});

describe('archscale diff --git', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.invalid',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.invalid',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });

  it('compares the working tree with a revision, imports resolved at that revision', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'archscale-git-'));
    try {
      git(repo, 'init', '-q', '-b', 'main');
      cpSync(join(FIXTURES, 'topology/base'), join(repo, 'models'), { recursive: true });
      writeFileSync(join(repo, 'README.md'), 'not a model\n');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'base');
      // the working tree: the head of the pair (shop.arch and the imported shared.arch changed)
      cpSync(join(FIXTURES, 'topology/head'), join(repo, 'models'), { recursive: true });

      const fromFolders = await diffJson(FIXTURES, 'topology/base', 'topology/head');
      const viaGit = await diffJson(repo, '--git', 'HEAD', 'models');
      expect(viaGit.code, viaGit.err).toBe(0);
      const strip = (d: ModelDiff) => ({ ...d, base: null, head: null });
      // the same change as between the two folders (files are named from the repository)
      expect(JSON.stringify(strip(viaGit.diff)).replaceAll('models/', '')).toBe(
        JSON.stringify(strip(fromFolders.diff)),
      );
      expect(viaGit.diff.base).toEqual({ label: 'HEAD:models', files: ['models/shared.arch', 'models/shop.arch'] });

      // committed: no change against HEAD, the change against HEAD~0's parent
      git(repo, 'commit', '-q', '-am', 'head');
      expect((await run(['diff', '--git', 'HEAD'], repo)).out).toMatch(/no change\n$/);
      const sinceBase = await run(['diff', '--git', 'HEAD~1', '--format', 'markdown'], repo);
      expect(sinceBase.out).toContain('➕ cache <code>products</code> in <code>shop</code>');

      // a model deleted since the revision: all its components removed
      rmSync(join(repo, 'models/shop.arch'));
      const deleted = await diffJson(repo, '--git', 'HEAD', 'models');
      expect(deleted.diff.components.removed.map((c) => c.id)).toEqual([
        'shoppers',
        'lb',
        'web',
        'products',
        'catalog',
      ]);
      expect(deleted.diff.components.added).toEqual([]);
      const shop = deleted.diff.systems.find((x) => x.name === 'shop')!;
      expect(shop.status).toBe('removed');
      expect(shop.maxThroughput.headText).toBe('—');
      const deletedMd = await run(['diff', '--git', 'HEAD', 'models', '--format', 'markdown'], repo);
      expect(deletedMd.out).toMatch(/^\| <code>shop<\/code> \(removed\) \| \S+ rps → — \| web → — \|/m);

      expect(await run(['diff', '--git', 'no-such-ref'], repo)).toMatchObject({
        code: 2,
        err: expect.stringContaining("unknown revision 'no-such-ref'"),
      });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('says so outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archscale-nogit-'));
    const r = await run(['diff', '--git', 'HEAD'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/git rev-parse: .*not a git repository/i);
  });
});

describe('Markdown escaping', () => {
  it('makes model text inert', () => {
    expect(md('<img src=x onerror=alert(1)> | `x` *y*')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &#124; \\`x\\` \\*y\\*',
    );
  });
});

describe('the GitHub Actions example (docs/examples/archscale-diff.yml)', () => {
  it('runs a diff command line the CLI accepts', () => {
    const yml = readFileSync(join(ROOT, 'docs/examples/archscale-diff.yml'), 'utf8');
    const cmd = /npx archscale (diff [^\n]*\\\n[^\n>]*)/.exec(yml)?.[1];
    expect(cmd).toBeDefined();
    const argv = cmd!
      .replace(/\\\n/, ' ')
      .replace(/"origin\/\$\{\{ github.base_ref \}\}"/, 'origin/main')
      .trim()
      .split(/\s+/);
    expect(parseCommandLine(argv)).toEqual({
      command: 'diff',
      git: 'origin/main',
      paths: ['.'],
      format: 'markdown',
      failOnThroughputDrop: 0.1,
      failOnNewError: true,
      failOnSloMissed: true,
      utilizationDelta: 0.05,
    });
  });
});
