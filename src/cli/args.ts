/**
 * The CLI's command line, read by Node's `util.parseArgs` (one option table per command) and then
 * checked by a zod schema per command, so that every bad flag gets a short message naming it.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { RENDER_FORMATS } from './render.js';

export class UsageError extends Error {}

export const COMMANDS = ['check', 'analyze', 'sweep', 'simulate', 'rules', 'format', 'render', 'diff'] as const;
type Command = (typeof COMMANDS)[number];

export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
/** `sweep --format`: the table, the whole sweep as JSON, or its charts (sweep-charts.ts). */
export const SWEEP_FORMATS = ['text', 'json', 'svg', 'png'] as const;

const paths = z.array(z.string().min(1));

/** A share written as `10%`, `10 %` or `0.1`: a number in (0, 1]. */
const Share = z
  .string()
  .transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(s);
    const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    if (!(v > 0 && v <= 1)) {
      ctx.addIssue({
        code: 'custom',
        message: `--fail-on-throughput-drop takes a share such as 10% or 0.1 (got '${s}')`,
      });
      return z.NEVER;
    }
    return v;
  })
  .optional();

/** Percentage points of utilisation, written `5` or `5%`. */
const Points = z
  .string()
  .transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(s);
    const v = m ? Number(m[1]) / 100 : NaN;
    if (!(v >= 0 && v <= 10)) {
      ctx.addIssue({ code: 'custom', message: `--utilization-delta takes percentage points such as 5 (got '${s}')` });
      return z.NEVER;
    }
    return v;
  })
  .default(0.05);

/** A simulated duration: `60s`, `60`, `2m`, `1.5 min`, `500ms`, `1h`: seconds in (0, 1 day]. */
const Duration = z
  .string()
  .transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|sec|m|min|h)?\s*$/.exec(s);
    const unit = m?.[2] ?? 's';
    const scale = unit === 'ms' ? 0.001 : unit === 'm' || unit === 'min' ? 60 : unit === 'h' ? 3600 : 1;
    const v = m ? Number(m[1]) * scale : NaN;
    if (!(v > 0 && v <= 86_400)) {
      ctx.addIssue({
        code: 'custom',
        message: `--duration takes a time such as 60s, 2m or 500ms, up to a day (got '${s}')`,
      });
      return z.NEVER;
    }
    return v;
  })
  .default(60);

/** A multiplier of today's load: `10x`, `10 ×`, `2.5`: in (0, 1000]. */
const Multiplier = z
  .string()
  .transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*[x×]?\s*$/i.exec(s);
    const v = m ? Number(m[1]) : NaN;
    if (!(v > 0 && v <= 1000)) {
      ctx.addIssue({
        code: 'custom',
        message: `--to takes a multiplier of today's load such as 10x, up to 1000x (got '${s}')`,
      });
      return z.NEVER;
    }
    return v;
  })
  .optional();

/** A whole number within bounds, written in decimal. */
const whole = (flag: string, min: number, max: number) =>
  z.string().transform((s, ctx) => {
    const v = /^\s*\d+\s*$/.test(s) ? Number(s) : NaN;
    if (!(Number.isSafeInteger(v) && v >= min && v <= max)) {
      ctx.addIssue({ code: 'custom', message: `${flag} takes a whole number from ${min} to ${max} (got '${s}')` });
      return z.NEVER;
    }
    return v;
  });

export const Options = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('check'),
    paths: paths.min(1, 'check needs at least one file or folder'),
    format: z.enum(CHECK_FORMATS),
    config: z.string().optional(),
  }),
  z.object({
    command: z.literal('analyze'),
    paths: paths.length(1, 'analyze takes exactly one file'),
    format: z.enum(['text', 'json'], { message: 'analyze prints text or --json' }),
    config: z.string().optional(),
    scenario: z.string().min(1, '--scenario takes the name of a scenario').optional(),
  }),
  z.object({
    command: z.literal('sweep'),
    paths: paths.length(1, 'sweep takes exactly one file'),
    format: z.enum(SWEEP_FORMATS, { message: 'sweep --format takes text, json, svg or png' }),
    config: z.string().optional(),
    to: Multiplier,
    steps: whole('--steps', 1, 10_000).optional(),
    out: z.string().min(1).optional(),
  }),
  z.object({
    command: z.literal('simulate'),
    paths: paths.length(1, 'simulate takes exactly one file'),
    format: z.enum(['text', 'json'], { message: 'simulate prints text or --json' }),
    config: z.string().optional(),
    durationS: Duration,
    seed: whole('--seed', 0, 4_294_967_295).default(1),
    replications: whole('--replications', 2, 100).optional(),
  }),
  z.object({
    command: z.literal('format'),
    paths: paths.min(1, 'format needs at least one file or folder'),
    format: z.literal('text', { message: 'format takes no --format or --json' }),
    check: z.boolean(),
  }),
  z.object({
    command: z.literal('render'),
    paths: paths.length(1, 'render takes exactly one file'),
    format: z.enum(RENDER_FORMATS, { message: 'render --format takes mermaid, svg, png or md' }),
    out: z.string().min(1).optional(),
    config: z.string().optional(),
  }),
  z.object({
    command: z.literal('rules'),
    paths: z.array(z.string()).max(0, 'rules takes no files'),
    format: z.enum(['text', 'json'], { message: 'rules prints text or --json' }),
  }),
  z
    .object({
      command: z.literal('diff'),
      paths,
      git: z.string().min(1, '--git takes a revision').optional(),
      format: z.enum(DIFF_FORMATS),
      config: z.string().optional(),
      failOnThroughputDrop: Share,
      failOnNewError: z.boolean(),
      failOnSloMissed: z.boolean(),
      utilizationDelta: Points,
    })
    .superRefine((o, ctx) => {
      if (o.git === undefined && o.paths.length !== 2)
        ctx.addIssue({
          code: 'custom',
          message: 'diff takes two files or folders (BASE HEAD), or --git REF [files or folders]',
        });
    }),
]);
export type Options = z.infer<typeof Options>;
export type DiffOptions = Extract<Options, { command: 'diff' }>;

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
const json = { type: 'boolean' } as const;
const str = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

/** The options each command takes (anything else is an unknown option for that command). */
const SPECS: Record<Command, OptionSpec> = {
  check: { format: str, json, config: str },
  analyze: { format: str, json, config: str, scenario: str },
  sweep: { format: str, json, config: str, to: str, steps: str, out: { type: 'string', short: 'o' } },
  simulate: { format: str, json, config: str, duration: str, seed: str, replications: str },
  rules: { format: str, json },
  format: { check: flag, format: str, json },
  render: { format: str, config: str, out: { type: 'string', short: 'o' } },
  diff: {
    format: str,
    json,
    config: str,
    git: str,
    'fail-on-throughput-drop': str,
    'fail-on-new-error': flag,
    'fail-on-slo-missed': flag,
    'utilization-delta': str,
  },
};

/** What `--format` accepts, per command, for the message when it is wrong. */
function checkFormat(command: Command, v: string): void {
  const [allowed, words]: [readonly string[], string] =
    command === 'render'
      ? [RENDER_FORMATS, 'mermaid, svg, png or md']
      : command === 'diff'
        ? [[...DIFF_FORMATS, 'md'], 'text, markdown or json']
        : command === 'sweep'
          ? [SWEEP_FORMATS, 'text, json, svg or png']
          : [CHECK_FORMATS, 'text, json or sarif'];
  if (!allowed.includes(v)) throw new UsageError(`--format takes ${words} (got '${v}')`);
}

/** Words Node's parse errors the way the CLI always has. */
function usageFromNode(e: unknown, command: Command, args: readonly string[]): UsageError {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /'([^']+)'/.exec(msg)?.[1] ?? msg;
    return new UsageError(`unknown option '${name}' for ${command}`);
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[a-z-]+/.exec(msg)?.[0] ?? '';
    if (name === '--format')
      return new UsageError(
        command === 'render'
          ? '--format takes mermaid, svg, png or md'
          : command === 'diff'
            ? '--format takes text, markdown or json'
            : command === 'sweep'
              ? '--format takes text, json, svg or png'
              : '--format takes text, json or sarif',
      );
    if (name === '--git') return new UsageError('--git takes a revision');
    if (name === '--config') return new UsageError('--config takes a file');
    // as written: `-o` or `--out`
    if (name === '--out') return new UsageError(`${args.includes('-o') ? '-o' : '--out'} takes a file`);
    if (name === '--fail-on-throughput-drop') return new UsageError(`${name} takes a share such as 10%`);
    if (name === '--duration') return new UsageError(`${name} takes a time such as 60s`);
    if (name === '--seed' || name === '--replications') return new UsageError(`${name} takes a whole number`);
    if (name === '--utilization-delta') return new UsageError(`${name} takes percentage points such as 5`);
    if (name === '--to') return new UsageError(`${name} takes a multiplier of today's load such as 10x`);
    if (name === '--steps') return new UsageError(`${name} takes a whole number`);
    if (name === '--scenario') return new UsageError(`${name} takes the name of a scenario`);
    return new UsageError(`${name || 'an option'} takes no value`);
  }
  return new UsageError(msg);
}

export function parseCommandLine(argv: readonly string[]): Options | 'help' | 'version' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version') || argv.includes('-v')) return 'version';
  const [first, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(first!)) {
    throw new UsageError(`unknown command '${first}' (expected one of: ${COMMANDS.join(', ')})`);
  }
  const command = first as Command;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = nodeParseArgs({
      args: [...rest],
      options: SPECS[command],
      allowPositionals: true,
      strict: true,
    }) as { values: Record<string, string | boolean | undefined>; positionals: string[] });
  } catch (e) {
    throw usageFromNode(e, command, rest);
  }
  if (typeof values.format === 'string') checkFormat(command, values.format);
  let format = typeof values.format === 'string' ? values.format : command === 'render' ? 'mermaid' : 'text';
  if (values.json) format = 'json';
  if (command === 'diff' && format === 'md') format = 'markdown';
  if (values.config === '') throw new UsageError('--config takes a file');
  const parsed = Options.safeParse({
    command,
    paths: positionals,
    format,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(command === 'format' ? { check: values.check === true } : {}),
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
    ...(command === 'sweep'
      ? {
          to: values.to,
          ...(values.steps !== undefined ? { steps: values.steps } : {}),
        }
      : {}),
    ...(command === 'simulate'
      ? {
          durationS: values.duration,
          seed: values.seed,
          ...(values.replications !== undefined ? { replications: values.replications } : {}),
        }
      : {}),
    ...(command === 'diff'
      ? {
          ...(values.git !== undefined ? { git: values.git } : {}),
          failOnThroughputDrop: values['fail-on-throughput-drop'],
          failOnNewError: values['fail-on-new-error'] === true,
          failOnSloMissed: values['fail-on-slo-missed'] === true,
          utilizationDelta: values['utilization-delta'],
        }
      : {}),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
