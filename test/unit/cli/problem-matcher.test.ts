/**
 * The problem matcher the extension contributes ($archscale) reads `archscale check`'s text
 * output: its regexp, applied as VS Code applies it (a JavaScript RegExp per line), gives back
 * every diagnostic `check --json` reports, field by field.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { ROOT } from '../helpers.js';

interface Matcher {
  name: string;
  owner: string;
  fileLocation: [string, string];
  pattern: {
    regexp: string;
    file: number;
    line: number;
    column: number;
    severity: number;
    code: number;
    message: number;
  };
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { problemMatchers: Matcher[] };
};
const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'archscale')!;

describe('the $archscale problem matcher', () => {
  it('parses every line of real check output into the diagnostic check --json reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archscale-matcher-'));
    mkdirSync(join(dir, 'sub folder'));
    writeFileSync(join(dir, 'bad.arch'), 'system s {\n  client c { rate 10 rpz }\n  service b\n  c -> nope\n}\n');
    writeFileSync(join(dir, 'sub folder', 'warn.arch'), 'system w {\n  service x\n  x -> x\n}\n');
    writeFileSync(join(dir, 'lonely.arch'), 'system l {\n  client u { rate 1 rps }\n  service b2\n}\n');
    // an info finding too: the severities the CLI prints are error, warning, info, hint
    writeFileSync(join(dir, 'archscale.json'), JSON.stringify({ rules: { unreachable: { severity: 'info' } } }));
    const text = await run(['check', '.'], dir);
    const json = JSON.parse((await run(['check', '.', '--json'], dir)).out) as {
      file: string;
      line: number;
      column: number;
      severity: string;
      code: string;
      message: string;
    }[];
    const lines = text.out.trimEnd().split('\n');
    expect(lines).toHaveLength(json.length);
    expect(new Set(json.map((d) => d.severity))).toEqual(new Set(['error', 'warning', 'info']));
    const re = new RegExp(matcher.pattern.regexp);
    const p = matcher.pattern;
    const parsed = lines.map((l) => {
      const m = re.exec(l);
      expect(m, l).not.toBeNull();
      return {
        // fileLocation autoDetect: relative to the workspace folder (the task's cwd), or absolute
        file: resolve(dir, m![p.file]!),
        line: Number(m![p.line]),
        column: Number(m![p.column]),
        severity: m![p.severity],
        code: m![p.code],
        message: m![p.message],
      };
    });
    expect(parsed).toEqual(json);
    expect(matcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
  });

  it('reads an absolute path, and not the summary line', () => {
    const re = new RegExp(matcher.pattern.regexp);
    expect(re.exec('/w/models/a.arch:12:3 error overloaded app receives 10k rps: 120 % utilisation')?.slice(1)).toEqual(
      ['/w/models/a.arch', '12', '3', 'error', 'overloaded', 'app receives 10k rps: 120 % utilisation'],
    );
    expect(re.exec('C:\\models\\a.arch:1:2 warning self-edge x calls itself')?.[1]).toBe('C:\\models\\a.arch');
    expect(re.exec('2 errors, 1 warning')).toBeNull();
  });
});
