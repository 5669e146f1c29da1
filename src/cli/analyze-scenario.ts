/**
 * `archscale analyze <file> --scenario NAME`: the scenario's model (core/scaling `scenarioResult`:
 * its changes applied to a copy) analysed, printed as `analyze` prints a model, with its verdict
 * and the rules' findings on that model. A name no scenario has is a usage error that suggests the
 * nearest; a name two systems use is written `SYSTEM/NAME`.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis } from '../core/analysis/types.js';
import type { Model, SourceLocation } from '../core/model.js';
import { RULES } from '../core/rules/registry.js';
import { runRules } from '../core/rules/runner.js';
import type { RuleSettings } from '../core/rules/settings.js';
import type { Finding } from '../core/rules/types.js';
import { scenarioResult, scenariosIn, type ScenarioResult } from '../core/scaling/index.js';
import { stepText } from '../core/scaling/scenario.js';
import { suggest } from '../core/units.js';
import { UsageError } from './args.js';

/** The scenario `name` (or `SYSTEM/NAME`) of the model, run; a usage error naming the nearest when none is. */
export function pickScenario(model: Model, analysis: Analysis, name: string): ScenarioResult {
  const all = scenariosIn(model);
  const slash = name.indexOf('/');
  const system = slash > 0 ? name.slice(0, slash) : undefined;
  const bare = slash > 0 ? name.slice(slash + 1) : name;
  const matching = all.filter((s) => s.name === bare && (system === undefined || s.system === system));
  if (matching.length > 1)
    throw new UsageError(
      `scenario '${bare}' is declared in ${matching.length} systems: write ${matching.map((s) => `${s.system}/${s.name}`).join(' or ')}`,
    );
  const found = matching[0] && scenarioResult(model, analysis, matching[0].name, matching[0].system);
  if (found) return found;
  if (all.length === 0) throw new UsageError(`the model declares no scenario (looked for '${name}')`);
  const names = [...new Set(all.map((s) => s.name))];
  const near = suggest(bare, names);
  throw new UsageError(
    `no scenario '${name}' in the model${near ? `; did you mean '${near}'?` : ''} (scenarios: ${names.join(', ')})`,
  );
}

/** The model a scenario made, without its own scenarios (the rules would run them again on top). */
function withoutScenarios(model: Model): Model {
  return { ...model, systems: model.systems.map((s) => ({ ...s, scenarios: [] })) };
}

/** The rules' findings on the scenario's model (with the command's rule settings), by place. */
export function scenarioFindings(r: ScenarioResult, settings: RuleSettings): Finding[] {
  const at = (f: Finding) => f.location.range.start;
  return runRules(RULES, withoutScenarios(r.model), r.analysis, settings).sort(
    (a, b) =>
      a.location.uri.localeCompare(b.location.uri) || at(a).line - at(b).line || at(a).character - at(b).character,
  );
}

function where(loc: SourceLocation, cwd: string): string {
  const file = loc.uri.startsWith('file:') ? fileURLToPath(loc.uri) : loc.uri;
  const shown = loc.uri.startsWith('file:') ? relative(cwd, file) || file : file;
  return `${shown}:${loc.range.start.line + 1}:${loc.range.start.character + 1}`;
}

/** The lines before the table: which scenario, what it changes, and its verdict. */
export function scenarioHeader(r: ScenarioResult): string {
  const s = r.scenario;
  const lines = [`Scenario ${s.name} (system ${s.system})${s.description ? `: ${s.description}` : ''}`];
  if (s.steps.length) lines.push(`  changes  ${s.steps.map(stepText).join('; ')}`);
  lines.push(`  verdict  ${r.verdict.text}`, '');
  return lines.join('\n') + '\n';
}

/** The findings section after the table. */
export function scenarioFindingsText(findings: readonly Finding[], cwd: string): string {
  if (!findings.length) return '\nFindings in this scenario: none\n';
  const lines = ['', 'Findings in this scenario'];
  for (const f of findings) lines.push(`  ${where(f.location, cwd)} ${f.severity} ${f.rule} ${f.message}`);
  return lines.join('\n') + '\n';
}
