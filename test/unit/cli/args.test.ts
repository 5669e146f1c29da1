/** The command line as util.parseArgs reads it, with the CLI's own messages for bad flags. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';

const fails = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('parseCommandLine', () => {
  it('reads options in every spelling parseArgs accepts', () => {
    expect(parseCommandLine(['check', '--format=sarif', 'a.arch', '--config', 'c.json', 'b'])).toEqual({
      command: 'check',
      paths: ['a.arch', 'b'],
      format: 'sarif',
      config: 'c.json',
    });
    expect(parseCommandLine(['check', '--json', 'a.arch'])).toMatchObject({ format: 'json' });
    expect(parseCommandLine(['render', 'a.arch', '-o', 'x.svg'])).toMatchObject({ format: 'mermaid', out: 'x.svg' });
    expect(parseCommandLine(['render', 'a.arch', '--out=x.svg', '--format', 'svg'])).toMatchObject({
      out: 'x.svg',
      format: 'svg',
    });
    expect(parseCommandLine(['format', '--check', 'm'])).toEqual({
      command: 'format',
      paths: ['m'],
      format: 'text',
      check: true,
    });
    // a file whose name starts with a dash, after --
    expect(parseCommandLine(['check', '--', '-odd.arch'])).toMatchObject({ paths: ['-odd.arch'] });
  });

  it('reads diff and its gates', () => {
    expect(
      parseCommandLine([
        'diff',
        '--git',
        'origin/main',
        'models',
        '--format',
        'md',
        '--fail-on-throughput-drop',
        '10 %',
        '--fail-on-new-error',
      ]),
    ).toEqual({
      command: 'diff',
      paths: ['models'],
      git: 'origin/main',
      format: 'markdown',
      failOnThroughputDrop: 0.1,
      failOnNewError: true,
      failOnSloMissed: false,
      utilizationDelta: 0.05,
    });
    expect(
      parseCommandLine(['diff', 'a', 'b', '--fail-on-throughput-drop=0.25', '--utilization-delta', '10']),
    ).toMatchObject({
      failOnThroughputDrop: 0.25,
      utilizationDelta: 0.1,
    });
  });

  it('words every bad flag clearly', () => {
    expect(fails(['check', '--jsn', 'a'])).toBe("unknown option '--jsn' for check");
    expect(fails(['check', '--check', 'a'])).toBe("unknown option '--check' for check");
    expect(fails(['check', 'a', '--config'])).toBe('--config takes a file');
    expect(fails(['check', 'a', '--format'])).toBe('--format takes text, json or sarif');
    expect(fails(['check', 'a', '--format', '--json'])).toBe('--format takes text, json or sarif');
    expect(fails(['check', 'a', '--json=yes'])).toBe('--json takes no value');
    expect(fails(['render', 'a', '--out'])).toBe('--out takes a file');
    expect(fails(['format', '--json', 'a'])).toBe('format takes no --format or --json');
    expect(fails(['rules', 'x'])).toBe('rules takes no files');
    expect(fails(['diff', 'a', 'b', 'c'])).toBe(
      'diff takes two files or folders (BASE HEAD), or --git REF [files or folders]',
    );
    expect(fails(['diff', '--git'])).toBe('--git takes a revision');
    expect(fails(['diff', 'a', 'b', '--fail-on-throughput-drop', '150%'])).toBe(
      "--fail-on-throughput-drop takes a share such as 10% or 0.1 (got '150%')",
    );
    expect(fails(['diff', 'a', 'b', '--utilization-delta', 'x'])).toBe(
      "--utilization-delta takes percentage points such as 5 (got 'x')",
    );
  });
});
