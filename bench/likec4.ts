/**
 * `--likec4`: the same generated model written in LikeC4's DSL, validated by
 * `likec4 validate --no-layout <dir>` from a bench-only install in bench/.likec4/ (git-ignored by
 * its own .gitignore; installed with `npm install --no-save --prefix bench/.likec4 likec4@1.59`
 * the first time the flag is given). Reports the process's wall time and the validation time
 * LikeC4 logs itself (`validate NNNms`, without Node's and the CLI's start-up).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLikeC4Text } from './generate-text.js';

export const LIKEC4_VERSION = '1.59';
const DIR = path.join('bench', '.likec4');

export interface LikeC4Result {
  components: number;
  version: string;
  bytes: number;
  /** Wall time of the `likec4 validate --no-layout` process. */
  wallMs: number;
  /** The validation time LikeC4 logs (`validate 944ms`), when found. */
  validateMs: number | undefined;
  exitCode: number | null;
  /** The last lines of its output (errors, if any). */
  tail: string;
}

function bin(): string {
  return path.resolve(DIR, 'node_modules', '.bin', process.platform === 'win32' ? 'likec4.cmd' : 'likec4');
}

/** Installs likec4 into bench/.likec4 unless it is there. Returns the installed version. */
export function ensureLikeC4(): string {
  mkdirSync(DIR, { recursive: true });
  const ignore = path.join(DIR, '.gitignore');
  if (!existsSync(ignore))
    writeFileSync(ignore, '# bench-only install of likec4 (npm run bench -- --likec4); never committed\n*\n');
  if (!existsSync(bin())) {
    console.log(`installing likec4@${LIKEC4_VERSION} into ${DIR} (bench only, not saved in package.json)...`);
    const r = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', DIR, `likec4@${LIKEC4_VERSION}`],
      { stdio: 'inherit', shell: process.platform === 'win32' },
    );
    if (r.status !== 0 || !existsSync(bin()))
      throw new Error(`npm install likec4@${LIKEC4_VERSION} failed (${r.status ?? r.signal})`);
  }
  return (
    JSON.parse(readFileSync(path.join(DIR, 'node_modules', 'likec4', 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** Parses LikeC4's own `validate 944ms` (or `validate 1.2s`) log line. */
export function parseValidateTime(output: string): number | undefined {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const m = /\bvalidate (\d+(?:\.\d+)?)\s*(ms|s)\b/.exec(plain);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

export function runLikeC4(n: number, version: string, timeoutMs = 120_000): LikeC4Result {
  const dir = mkdtempSync(path.join(os.tmpdir(), `archscale-likec4-${n}-`));
  try {
    const text = generateLikeC4Text(n, 7);
    writeFileSync(path.join(dir, 'model.c4'), text);
    const t0 = performance.now();
    const r = spawnSync(bin(), ['validate', '--no-layout', dir], {
      encoding: 'utf8',
      timeout: timeoutMs,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const wallMs = performance.now() - t0;
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const tail = output
      // eslint-disable-next-line no-control-regex -- strips the terminal's colour codes
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trim()
      .split('\n')
      .slice(-4)
      .join('\n');
    return {
      components: n,
      version,
      bytes: text.length,
      wallMs,
      validateMs: parseValidateTime(output),
      exitCode: r.status,
      tail,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
