/**
 * Reading a `scenario NAME { ... }` block: its steps into the plain model (`Scenario`,
 * `ScenarioStep`) and what is wrong with each, in one pass that the model builder and the
 * validator share. A step with an error is left out of its scenario (a warning keeps it); a set
 * step's changes are read by the same code as a component's own properties (model-properties.ts),
 * and each step is checked against the component as the steps before it left it
 * (`app instances 10` then `fail app 8`).
 */
import type { AstNode } from 'langium';
import { KINDS } from '../core/kinds.js';
import {
  isComponentKind,
  type Component as ModelComponent,
  type ComponentKind,
  type Scenario as ModelScenario,
  type ScenarioStep,
} from '../core/model.js';
import { takesProperty } from '../core/properties.js';
import { convertQuantity, type UnitContext } from '../core/units.js';
import { isDescription, isFailStep, isLoadStep, isSetStep, type Quantity, type Scenario } from './generated/ast.js';
import { componentFields, findNodeForProperty, incomplete, readProperties } from './model-properties.js';
import { cstLocation, toRawQuantity, unquote } from './syntax.js';

/**
 * What a step needs to know of the component it names: its kind and numbers, and whether a
 * language error leaves them unsure (a broken property: that error explains a step that no longer
 * fits, which is left out without an error of its own).
 */
export type StepComponent = Partial<ModelComponent> & { kind: ComponentKind; unsure?: boolean };

export interface ScenarioContext {
  uri: string;
  system: string;
  ctx: UnitContext;
  /** `zones` in the system's settings. */
  systemZones: number | undefined;
  /** Whether any component of the system, or its settings, spreads over two zones or more. */
  zoned: () => boolean;
  /** The component a resolved name declares (undefined: not a component of a known kind). */
  component: (name: string) => StepComponent | undefined;
}

export interface StepProblem {
  node: AstNode;
  property?: 'factor' | 'count' | 'part' | 'component' | 'zone' | 'key';
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** A scheduled job's keys: a set step changes them on a scheduled job only. */
const SCHEDULE_KEYS: ReadonlySet<string> = new Set(['schedule', 'every', 'run', 'rate']);

const FAIL_PARTS: Readonly<Record<string, 'instances' | 'replicas' | 'shards'>> = {
  instances: 'instances',
  replica: 'replicas',
  replicas: 'replicas',
  shard: 'shards',
  shards: 'shards',
};

const article = (kind: string) => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/** A written count of a `fail` step: a whole number >= 1, no unit. */
function readCount(q: Quantity | undefined, ctx: UnitContext): number | string {
  if (!q) return 1;
  const raw = toRawQuantity(q);
  const r = convertQuantity(raw, 'count', 'fail', ctx);
  if (!r.ok) return r.problem.message;
  if (!Number.isInteger(r.value) || r.value < 1)
    return `fail takes a whole number of at least 1 (got ${raw.negative ? '-' : ''}${raw.number})`;
  return r.value;
}

/** The step `load N x` as a factor, or what is wrong with it. */
function readFactor(q: Quantity | undefined, ctx: UnitContext): number | string {
  if (!q) return 'load needs a multiplier, e.g. `load 3 x`';
  const raw = toRawQuantity(q);
  if (!raw.unit) return `load needs the unit x: \`load ${raw.negative ? '-' : ''}${raw.number} x\``;
  const r = convertQuantity(raw, 'factor', 'load', ctx);
  if (!r.ok) return r.problem.message;
  if (!(r.value > 0)) return `load must be greater than 0 (got ${raw.negative ? '-' : ''}${raw.number})`;
  return r.value;
}

/** What failing `count` of `part` of `c` would be wrong in, or undefined. */
function failProblem(name: string, c: StepComponent, part: 'instances' | 'replicas' | 'shards', n: number) {
  const kind = c.kind;
  if (part === 'instances') {
    if (!KINDS[kind].pool)
      return takesProperty(kind, 'replicas')
        ? `'${name}' is ${article(kind)} ${kind}: it has no instances to fail (fail a replica, \`fail ${name} replica 1\`, or all of it, \`fail ${name}\`)`
        : `'${name}' is ${article(kind)} ${kind}: it has no instances to fail (fail all of it: \`fail ${name}\`)`;
    const have = c.instances ?? c.autoscale?.min ?? 1;
    if (n > have) return `'${name}' has ${have} instance${have === 1 ? '' : 's'}: cannot fail ${n}`;
    return undefined;
  }
  const key = part;
  if (!takesProperty(kind, key)) return `'${name}' is ${article(kind)} ${kind}: it has no ${key}`;
  const have = part === 'replicas' ? c.replicas : c.shards;
  if (have === undefined || have === 0)
    return part === 'replicas'
      ? `'${name}' has no replicas to fail (it declares no \`replicas\`)`
      : `'${name}' is not sharded (it declares no \`shards\`)`;
  const word = part === 'replicas' ? 'replica' : 'shard';
  if (n > have) return `'${name}' has ${have} ${word}${have === 1 ? '' : 's'}: cannot fail ${n}`;
  return undefined;
}

/** A scenario's model and the problems of its steps. */
export function readScenario(s: Scenario, sc: ScenarioContext): { scenario: ModelScenario; problems: StepProblem[] } {
  const { uri, ctx } = sc;
  const cst = s.$cstNode;
  const scenario: ModelScenario = {
    name: s.name,
    system: sc.system,
    location: cstLocation(uri, cst),
    nameLocation: cstLocation(uri, (cst && findNodeForProperty(cst, 'name')) ?? cst),
    steps: [],
  };
  const problems: StepProblem[] = [];
  /** Components as the steps so far left them. */
  const now = new Map<string, StepComponent | undefined>();
  const current = (name: string) => {
    if (!now.has(name)) now.set(name, sc.component(name));
    return now.get(name);
  };
  const error = (node: AstNode, property: StepProblem['property'], code: string, message: string) =>
    problems.push({ node, property, severity: 'error', code, message });
  /** An error about a component's numbers: none while they are unsure. */
  const misfit = (c: StepComponent, node: AstNode, property: StepProblem['property'], message: string) => {
    if (!c.unsure) error(node, property, 'bad-fail', message);
  };
  for (const step of s.steps ?? []) {
    const location = cstLocation(uri, step.$cstNode);
    if (isDescription(step)) {
      if (step.text !== undefined) scenario.description ??= unquote(step.text);
    } else if (isLoadStep(step)) {
      const f = readFactor(step.factor, ctx);
      if (typeof f === 'string') error(step, step.factor ? 'factor' : undefined, 'bad-unit', f);
      else scenario.steps.push({ kind: 'load', factor: f, location });
    } else if (isFailStep(step)) {
      const n = readCount(step.count, ctx);
      if (typeof n === 'string') {
        error(step, 'count', 'bad-number', n);
        continue;
      }
      if (step.zone) {
        if (!sc.zoned())
          problems.push({
            node: step,
            property: 'zone',
            severity: 'warning',
            code: 'unzoned',
            message: `nothing in system '${sc.system}' is spread over zones (\`zones 3\` on a component or in settings): 'fail zone' changes nothing`,
          });
        scenario.steps.push({ kind: 'fail-zone', count: n, location });
        continue;
      }
      const name = step.component?.ref?.name;
      if (!name) continue; // unresolved: the linker's error
      const c = current(name);
      if (!c) continue; // a component of an unknown kind: its own error
      let out: ScenarioStep;
      if (step.part === 'zone') {
        if (!takesProperty(c.kind, 'zones')) {
          error(step, 'part', 'bad-fail', `'${name}' is ${article(c.kind)} ${c.kind}: it is not spread over zones`);
          continue;
        }
        const z = c.zones ?? sc.systemZones ?? 1;
        if (n > z) {
          misfit(c, step, 'count', `'${name}' is spread over ${z} zone${z === 1 ? '' : 's'}: cannot fail ${n}`);
          continue;
        }
        if (z < 2 && !c.unsure)
          problems.push({
            node: step,
            property: 'part',
            severity: 'warning',
            code: 'unzoned',
            message: `'${name}' is not spread over zones (\`zones 3\`): losing its zone loses all of it`,
          });
        out = { kind: 'fail-zone', component: name, count: n, location };
      } else if (step.part === undefined && step.count === undefined) {
        out = { kind: 'fail', component: name, part: 'component', count: 1, location };
      } else {
        const part = FAIL_PARTS[step.part ?? 'instances'] ?? 'instances';
        const problem = failProblem(name, c, part, n);
        if (problem) {
          misfit(c, step, step.part !== undefined && !problem.includes('cannot fail') ? 'part' : 'count', problem);
          continue;
        }
        out = { kind: 'fail', component: name, part, count: n, location };
      }
      scenario.steps.push(out);
    } else if (isSetStep(step)) {
      const name = step.component?.ref?.name;
      const c = name ? current(name) : undefined;
      if (!name || !c || !step.property?.key || !isComponentKind(c.kind)) continue;
      // The property's own errors (not taken by the kind, units, range) are the validator's.
      const props = readProperties(uri, [step.property], c.kind, ctx);
      if (incomplete.has(props) || props.size === 0) continue;
      const key = step.property.key;
      if (c.kind !== 'client' && !c.schedule && SCHEDULE_KEYS.has(key)) {
        // A job's rate or times change a scheduled job only (the component's own block says `schedule`).
        if (!c.unsure)
          error(
            step.property,
            'key',
            'bad-schedule',
            `'${key}' changes a scheduled job, and '${name}' has no \`schedule\``,
          );
        continue;
      }
      const changes: Partial<ModelComponent> = {};
      componentFields(props, changes, c);
      now.set(name, { ...c, ...changes, kind: c.kind });
      scenario.steps.push({ kind: 'set', component: name, changes, location });
    }
  }
  return { scenario, problems };
}
