/**
 * The language's checks of a `scenario NAME { ... }` block: each step against the component it
 * names (as the steps before it left it), read by the same pass that builds the model
 * (scenario-steps.ts), so what is reported is exactly what the model leaves out.
 */
import { AstUtils, type ValidationAcceptor } from 'langium';
import { DEFAULT_MONTH_SECONDS, isComponentKind, type Component as ModelComponent } from '../core/model.js';
import type { UnitContext } from '../core/units.js';
import {
  isComponent,
  isFailStep,
  isSetStep,
  isSettings,
  isSystem,
  type Component,
  type Scenario,
  type System,
} from './generated/ast.js';
import { componentFields, incomplete, num, readProperties } from './model-properties.js';
import { recoveredWithin } from './recovery/index.js';
import { readScenario, type StepComponent } from './scenario-steps.js';

const CTX: UnitContext = { monthSeconds: DEFAULT_MONTH_SECONDS };
/** A declared component's kind and numbers, read once per syntax node. */
const read = new WeakMap<Component, StepComponent>();

function stepComponent(uri: string, c: Component): StepComponent | undefined {
  if (!isComponentKind(c.kind)) return undefined;
  let out = read.get(c);
  if (!out) {
    const fields: Partial<ModelComponent> = {};
    const props = readProperties(uri, c.properties, c.kind, CTX);
    componentFields(props, fields);
    const cst = c.$cstNode;
    const lost = cst !== undefined && recoveredWithin(AstUtils.getDocument(c).parseResult.value, cst.offset, cst.end);
    out = { ...fields, kind: c.kind, unsure: incomplete.has(props) || lost };
    read.set(c, out);
  }
  return out;
}

function settingsZones(uri: string, system: System): number | undefined {
  const settings = system.members.find(isSettings);
  return settings ? num(readProperties(uri, settings.properties, 'settings', CTX), 'zones') : undefined;
}

export function checkScenario(s: Scenario, accept: ValidationAcceptor): void {
  const system = s.$container;
  if (!isSystem(system) || !s.name) return;
  const uri = AstUtils.getDocument(s).uri.toString();
  const named = new Map<string, Component>();
  for (const step of s.steps ?? []) {
    if (!isFailStep(step) && !isSetStep(step)) continue;
    const target = step.component?.ref;
    if (target && isComponent(target)) named.set(target.name, target);
  }
  const systemZones = settingsZones(uri, system);
  let zoned: boolean | undefined;
  const { problems } = readScenario(s, {
    uri,
    system: system.name,
    ctx: CTX,
    systemZones,
    zoned: () =>
      (zoned ??=
        (systemZones ?? 1) >= 2 ||
        system.members.some((m) => isComponent(m) && (stepComponent(uri, m)?.zones ?? 1) >= 2)),
    component: (name) => {
      const c = named.get(name);
      return c ? stepComponent(AstUtils.getDocument(c).uri.toString(), c) : undefined;
    },
  });
  for (const p of problems)
    accept(p.severity, p.message, { node: p.node, property: p.property as never, code: p.code });
}
