// Mocha entry point loaded by the VS Code extension host (`--extensionTestsPath`).
// Runs every compiled *.test.cjs next to this file, prints `ok - name` / `not ok - name` lines,
// and a machine-readable summary line that scripts/code-server-launcher.mjs turns into
// `vscode: N passed, M failed`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_PREFIX = '[archscale-vscode-results]';
export const START_MARKER = '[archscale-vscode-start]';

class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once('start', () => console.log(START_MARKER));
    runner.on('pass', (test) => console.log(`ok - ${test.fullTitle()} (${test.duration ?? 0} ms)`));
    runner.on('fail', (test, err: Error) => {
      console.log(`not ok - ${test.fullTitle()}`);
      console.log(
        `  ${String(err?.stack ?? err)
          .split('\n')
          .join('\n  ')}`,
      );
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.ARCHSCALE_TEST_TIMEOUT_MS) || 60_000,
    reporter: LineReporter,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.cjs'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        const failed = runner.stats?.failures ?? failures;
        console.log(`${RESULT_PREFIX} ${JSON.stringify({ passed, failed, files: files.length })}`);
        if (failures > 0 || files.length === 0)
          reject(new Error(files.length ? `${failures} test(s) failed` : 'no test files found'));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
