/**
 * The archscale CLI, for people and CI:
 *   archscale check <files or folders> [--json | --format text|json|sarif] [--config FILE]
 *   archscale analyze <file> [--json] [--scenario NAME]
 *   archscale sweep <file> [--to 10x] [--steps N] [--json | --format text|json|svg|png] [-o FILE]
 *   archscale simulate <file> [--duration 60s] [--seed N] [--replications N] [--json]
 *   archscale rules [--json]
 *   archscale render <file> [--format mermaid|svg|png|md] [-o FILE]
 *   archscale diff BASE HEAD | --git REF [paths] [--format text|markdown|json] [gates]
 * Exit codes: 0 fine, 1 errors in the models, 2 bad usage or bad configuration.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyze } from '../core/analysis/index.js';
import { RULES, RULE_IDS } from '../core/rules/registry.js';
import { DEFAULT_RULE_SETTINGS, parseRuleSettings, type RuleSettings } from '../core/rules/settings.js';
import { formatText } from '../language/format.js';
import { ArchscaleWorkspace, type FileDiagnostic, type LoadResult } from '../language/workspace.js';
import { analysisToJson } from '../core/figures/json.js';
import { scenariosOf } from '../core/scaling/index.js';
import { formatAnalysisTable, formatScenarioList } from './analyze-format.js';
import { pickScenario, scenarioFindings, scenarioFindingsText, scenarioHeader } from './analyze-scenario.js';
import { expandPaths } from './files.js';
import { parseCommandLine, UsageError } from './args.js';
import { diffCommand } from './diff/command.js';
import { renderCommand } from './render.js';
import { simulateCommand } from './simulate.js';
import { sweepCommand } from './sweep.js';
import { toSarif } from './sarif.js';

export const VERSION = '0.1.0';

const HELP = `archscale ${VERSION}: architecture models that check themselves for scale

Usage:
  archscale check <files or folders...> [--format text|json|sarif] [--json] [--config FILE]
      report syntax, reference and model errors and the scalability rules' findings
  archscale analyze <file> [--json] [--scenario NAME] [--config FILE]
      loads, capacity, utilisation, latency, availability and consistency of every component and
      path, and each scenario's verdict; --scenario: the figures and findings of that scenario's model
  archscale sweep <file> [--to 10x] [--steps N] [--format text|json|svg|png] [--json] [-o FILE]
      the load sweep: how latency and utilisation grow with load, where each component saturates
      and each SLO target is first missed, the bottleneck sequence, scaling efficiency and, with a
      growth rate, the month each breaks; --to: the largest multiplier of today's load (default:
      past the break points), --steps: points from 0 (default 100)
  archscale simulate <file> [--duration 60s] [--seed N] [--replications N] [--json] [--config FILE]
      run a discrete-event simulation of the whole model (every instance its own queue, the
      balancers' real algorithms) and print each analysis figure beside the simulated one, with
      the difference and whether it lies inside the simulation's 95 % interval
  archscale rules [--json]
      list the rules with their default severity
  archscale format <files or folders...> [--check]
      lay files out canonically, in place (--check: only report files that would change, exit 1)
  archscale render <file> [--format mermaid|svg|png|md] [-o FILE] [--config FILE]
      the model's diagram, as in the VS Code preview: Mermaid text (default), a Markdown block,
      or an SVG / PNG drawn by Mermaid in Chromium (/usr/bin/chromium or $CHROMIUM_PATH);
      text goes to stdout and images next to the file unless -o says where
  archscale diff BASE HEAD [--format text|markdown|json] [--json] [--config FILE] [gates]
  archscale diff --git REF [files or folders...] [same options]
      what a change does to a model: components and edges added, removed and changed; the
      figures that moved (max throughput and bottleneck per system, p95 / p99 and availability
      per client, utilisation, consistency, storage growth); findings added and resolved.
      BASE and HEAD are files or folders; --git compares the working tree with revision REF
  archscale --help | --version

Options:
  --format F     text (default): file:line:col severity code message
                 json: an array of {file, line, column, severity, code, message}
                 sarif: SARIF 2.1.0, for GitHub code scanning
                 (diff: text, markdown or md for a pull-request comment, json)
  --json         the same as --format json
  --config FILE  rule settings (default: ./archscale.json when it exists), e.g.
                 {"rules": {"missing-cache": {"severity": "error"}}, "thresholds": {"headroomUtilization": 0.75}}

Gates for diff (exit 1 when one fails):
  --fail-on-throughput-drop SHARE  a system's max throughput drops by more than SHARE (10% or 0.1)
  --fail-on-new-error              a new error appears (a language error or an error finding)
  --fail-on-slo-missed             an SLO verdict (latency or availability) turns to missed
  --utilization-delta POINTS       list utilisation changes of at least POINTS (default 5)

Exit status: 0 when no error was found, 1 when any diagnostic is an error, 2 on bad usage or settings.
`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** stderr is a terminal: long runs draw a progress bar. */
  progressBar?: boolean;
}

/** Reads rule settings from --config or ./archscale.json. */
function loadSettings(config: string | undefined, cwd: string): RuleSettings {
  const path = config ? resolve(cwd, config) : join(cwd, 'archscale.json');
  if (!existsSync(path)) {
    if (config) throw new UsageError(`no such config file: ${config}`);
    return DEFAULT_RULE_SETTINGS;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `${relative(cwd, path) || path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const r = parseRuleSettings(json, RULE_IDS);
  if (!r.ok) throw new UsageError(`${relative(cwd, path) || path}: ${r.errors.join('; ')}`);
  return r.settings;
}

async function load(paths: string[], settings: RuleSettings, io: Io): Promise<LoadResult> {
  const { files, missing } = expandPaths(paths, io.cwd);
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  if (files.length === 0) throw new UsageError(`no .arch files found in ${paths.join(', ')}`);
  const ws = new ArchscaleWorkspace({ exists: existsSync, read: (p) => readFileSync(p, 'utf8') });
  ws.services.insight.InsightService.setSettings(settings);
  ws.addFiles(files);
  return ws.build();
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const opts = parseCommandLine(argv);
    if (opts === 'help') {
      io.out(HELP);
      return 0;
    }
    if (opts === 'version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    switch (opts.command) {
      case 'rules':
        return listRules(opts.format, io);
      case 'format':
        return formatFiles(opts.paths, opts.check, io);
      case 'diff':
        return await diffCommand(opts, loadSettings(opts.config, io.cwd), io);
      case 'check': {
        const result = await load(opts.paths, loadSettings(opts.config, io.cwd), io);
        return report(result.diagnostics, opts.format, io);
      }
      case 'render': {
        const settings = loadSettings(opts.config, io.cwd);
        return await renderCommand(
          { file: opts.paths[0]!, format: opts.format, ...(opts.out ? { out: opts.out } : {}), settings },
          io,
          (paths) => load(paths, settings, io),
        );
      }
      case 'simulate': {
        const settings = loadSettings(opts.config, io.cwd);
        return await simulateCommand(
          {
            file: opts.paths[0]!,
            format: opts.format,
            durationS: opts.durationS,
            seed: opts.seed,
            ...(opts.replications !== undefined ? { replications: opts.replications } : {}),
          },
          io,
          (paths) => load(paths, settings, io),
        );
      }
      case 'sweep': {
        const settings = loadSettings(opts.config, io.cwd);
        return await sweepCommand(
          {
            file: opts.paths[0]!,
            format: opts.format,
            ...(opts.to !== undefined ? { to: opts.to } : {}),
            ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
            ...(opts.out ? { out: opts.out } : {}),
          },
          io,
          (paths) => load(paths, settings, io),
        );
      }
      case 'analyze': {
        const settings = loadSettings(opts.config, io.cwd);
        const result = await load(opts.paths, settings, io);
        const errors = result.diagnostics.filter((d) => d.severity === 'error' && !RULE_IDS.includes(d.code));
        for (const d of errors)
          io.err(`${relative(io.cwd, d.file) || d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
        if (errors.length)
          io.err(
            `archscale: the model has ${errors.length} error${errors.length === 1 ? '' : 's'}; figures leave out what could not be read\n`,
          );
        const analysis = analyze(result.model);
        if (opts.scenario !== undefined) {
          const r = pickScenario(result.model, analysis, opts.scenario);
          io.out(
            opts.format === 'json'
              ? JSON.stringify(analysisToJson(r.analysis), null, 2) + '\n'
              : scenarioHeader(r) +
                  formatAnalysisTable(r.analysis) +
                  scenarioFindingsText(scenarioFindings(r, settings), io.cwd),
          );
          return errors.length ? 1 : 0;
        }
        io.out(
          opts.format === 'json'
            ? JSON.stringify(analysisToJson(analysis), null, 2) + '\n'
            : formatAnalysisTable(analysis) + formatScenarioList(scenariosOf(result.model, analysis)),
        );
        return errors.length ? 1 : 0;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`archscale: ${e.message}\nRun 'archscale --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
}

function formatFiles(paths: string[], check: boolean, io: Io): number {
  const { files, missing } = expandPaths(paths, io.cwd);
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  let changed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const formatted = formatText(text);
    if (formatted === text) continue;
    changed++;
    const name = relative(io.cwd, file) || file;
    if (check) io.out(`${name}: not formatted\n`);
    else {
      writeFileSync(file, formatted);
      io.out(`${name}: formatted\n`);
    }
  }
  io.err(
    `${files.length} file${files.length === 1 ? '' : 's'}, ${changed} ${check ? 'not formatted' : 'reformatted'}\n`,
  );
  return check && changed > 0 ? 1 : 0;
}

function listRules(format: 'text' | 'json', io: Io): number {
  if (format === 'json') {
    io.out(
      JSON.stringify(
        RULES.map((r) => ({ id: r.id, severity: r.defaultSeverity, description: r.description, concept: r.concept })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const width = Math.max(...RULES.map((r) => r.id.length), 2);
  for (const r of RULES) io.out(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.description}\n`);
  return 0;
}

function report(diagnostics: FileDiagnostic[], format: 'text' | 'json' | 'sarif', io: Io): number {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (format === 'json') {
    io.out(
      JSON.stringify(
        diagnostics.map(({ file, line, column, severity, code, message }) => ({
          file,
          line,
          column,
          severity,
          code,
          message,
        })),
        null,
        2,
      ) + '\n',
    );
  } else if (format === 'sarif') {
    io.out(JSON.stringify(toSarif(diagnostics, RULES, io.cwd, VERSION), null, 2) + '\n');
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
