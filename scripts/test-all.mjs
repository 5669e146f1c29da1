// `npm test`: builds, type-checks, lints (ESLint, Prettier), and runs every suite: vitest (unit, fixtures, CLI, language
// server over stdio), the extension-host tests inside a real VS Code (code-server), and the UI
// end-to-end test in Chromium. Ends with one summary line `archscale: N passed, M failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const steps = [];
/** Names of the failed tests, repeated in the summary: CI keeps only the log's last lines. */
const failures = [];
let passed = 0;
let failed = 0;

function run(name, cmd, args, { capture = false } = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: process.env,
  });
  if (capture && r.stdout) process.stdout.write(r.stdout);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push({ name, status: r.status, seconds });
  return { ...r, ok: r.status === 0 };
}

/** Reads `label: N passed, M failed` from a runner's last lines. */
function counts(output, label) {
  const m = [...(output ?? '').matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

mkdirSync('test-results', { recursive: true });

const build = run('build', 'npm', ['run', '--silent', 'build']);
if (!build.ok) failed++;
const types = run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
if (!types.ok) failed++;
const lint = run('lint', 'npm', ['run', '--silent', 'lint']);
if (!lint.ok) failed++;

if (build.ok) {
  const unit = run('unit', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/vitest.json',
  ]);
  try {
    const json = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    passed += json.numPassedTests;
    failed +=
      json.numFailedTests +
      (json.numTotalTestSuites > 0 && json.success === false && json.numFailedTests === 0 ? 1 : 0);
    if (json.numTotalTests === 0) failed++;
    for (const file of json.testResults ?? []) {
      const where = String(file.name ?? '').replace(process.cwd() + '/', '');
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') {
          const why = String(t.failureMessages?.[0] ?? '')
            .split('\n')[0]
            .slice(0, 300);
          failures.push(`unit: ${where} > ${t.fullName}: ${why}`);
        }
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(
          `unit: ${where}: ${String(file.message ?? '')
            .split('\n')[0]
            .slice(0, 300)}`,
        );
      }
    }
  } catch {
    failed++;
  }
  if (!unit.ok && failed === 0) failed++;

  for (const [name, script, label] of [
    ['vscode', 'scripts/run-vscode-tests.mjs', 'vscode'],
    ['e2e', 'scripts/run-e2e.mjs', 'e2e'],
  ]) {
    const r = run(name, process.execPath, [script], { capture: true });
    const c = counts(r.stdout, label);
    for (const line of (r.stdout ?? '').split('\n')) {
      if (line.startsWith('not ok') || line.includes('FAILED:') || /^\s+\d+\) \S/.test(line))
        failures.push(`${name}: ${line.slice(0, 300)}`);
    }
    if (c) {
      passed += c.passed;
      failed += c.failed;
    }
    if (!c || c.passed === 0 || (!r.ok && (!c || c.failed === 0))) failed++;
  }
}

console.log('\n=== summary');
for (const f of failures) console.log(`failed: ${f}`);
for (const s of steps) console.log(`${s.status === 0 ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds} s)`);
console.log(`archscale: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
