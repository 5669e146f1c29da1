// The typing report of issue 13 (`npm run typing-report [file filters...]`): applies every typo
// (adjacent-letter swaps, character deletions, line deletions, the file typed line by line) to
// every sample and rule fixture, checks each variant as `archscale check` does, and prints per
// kind of typo the language errors and changed rule findings per typo, and the worst examples.
// Exits 1 when a number is over the limits of test/typing/expectations.ts. No stride: it runs
// every typo (the unit test may stride the large files, see test/unit/language/typing.test.ts).
import './polyfill-groupby.cjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './lib/import-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { typingReport } = await importTs(path.join(root, 'test/typing/report.ts'));
process.exitCode = await typingReport(root, process.argv.slice(2), (s) => process.stdout.write(s));
