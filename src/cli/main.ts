/**
 * The archscale CLI: `archscale check <files or folders> [--json]` for CI.
 * Exit codes: 0 no errors, 1 errors in the models, 2 bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { ArchscaleWorkspace, type FileDiagnostic } from '../language/workspace.js';
import { expandPaths } from './files.js';

const VERSION = '0.1.0';

const HELP = `archscale ${VERSION}: architecture models that check themselves for scale

Usage:
  archscale check <files or folders...> [--json]   report syntax, reference and model errors
  archscale --help | --version

Options:
  --json     print diagnostics as a JSON array of {file, line, column, severity, code, message}
  -h, --help show this help

Exit status: 0 when no error was found, 1 when any diagnostic is an error, 2 on bad usage.
`;

const CheckOptions = z.object({
  command: z.literal('check'),
  paths: z.array(z.string().min(1)).min(1, 'check needs at least one file or folder'),
  json: z.boolean(),
});
type CheckOptions = z.infer<typeof CheckOptions>;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CheckOptions | 'help' | 'version' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version') || argv.includes('-v')) return 'version';
  const [command, ...rest] = argv;
  const known = ['check'];
  if (!known.includes(command!)) {
    throw new UsageError(`unknown command '${command}' (expected one of: ${known.join(', ')})`);
  }
  const paths: string[] = [];
  let json = false;
  for (const a of rest) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}' for ${command}`);
    else paths.push(a);
  }
  const parsed = CheckOptions.safeParse({ command, paths, json });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`archscale: ${e.message}\nRun 'archscale --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.out(HELP);
    return 0;
  }
  if (opts === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const { files, missing } = expandPaths(opts.paths, io.cwd);
  if (missing.length > 0) {
    io.err(`archscale: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  if (files.length === 0) {
    io.err(`archscale: no .arch files found in ${opts.paths.join(', ')}\n`);
    return 2;
  }
  const ws = new ArchscaleWorkspace({ exists: existsSync, read: (p) => readFileSync(p, 'utf8') });
  ws.addFiles(files);
  const result = await ws.build();
  return report(result.diagnostics, opts.json, io);
}

function report(diagnostics: FileDiagnostic[], json: boolean, io: Io): number {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (json) {
    io.out(JSON.stringify(diagnostics.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message })), null, 2) + '\n');
  } else {
    for (const d of diagnostics) {
      const file = relative(io.cwd, d.file) || d.file;
      io.out(`${file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
    }
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}
