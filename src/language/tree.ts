/**
 * Direct walks over archscale's syntax tree. Langium's generic passes (`streamAst`,
 * `streamReferences`) find children and references by reflecting over every property of every
 * node and await between nodes; on a 10,000-component file that costs more than parsing. These
 * walks know the grammar's shape and visit the same nodes in the same (pre-)order. They accept
 * partial trees (a file with syntax errors parsed by Langium's recovering parser).
 */
import type { ReferenceInfo } from 'langium';
import {
  isEdge,
  isFailStep,
  isScenario,
  isSetStep,
  isStoreRef,
  type Document,
  type Property,
  type Scenario,
} from './generated/ast.js';

function propertyReferences(properties: Property[] | undefined, out: ReferenceInfo[]): void {
  if (!properties) return;
  for (const p of properties) {
    const v = p.value;
    if (v && isStoreRef(v) && v.store) out.push({ reference: v.store, container: v, property: 'store' });
  }
}

/** A scenario's references: the component of each `fail` and set step, then a step property's store. */
function scenarioReferences(scenario: Scenario, out: ReferenceInfo[]): void {
  for (const step of scenario.steps ?? []) {
    if (isFailStep(step)) {
      if (step.component) out.push({ reference: step.component, container: step, property: 'component' });
    } else if (isSetStep(step)) {
      if (step.component) out.push({ reference: step.component, container: step, property: 'component' });
      if (step.property) propertyReferences([step.property], out);
    }
  }
}

/** Every reference in the document, in `streamAst` + `streamReferences` order. */
export function collectReferences(root: Document): ReferenceInfo[] {
  const out: ReferenceInfo[] = [];
  for (const system of root.systems ?? []) {
    for (const m of system.members ?? []) {
      if (isEdge(m)) {
        if (m.source) out.push({ reference: m.source, container: m, property: 'source' });
        const targets = m.targets ?? [];
        for (let i = 0; i < targets.length; i++)
          out.push({ reference: targets[i]!, container: m, property: 'targets', index: i });
      } else if (isScenario(m)) scenarioReferences(m, out);
      propertyReferences((m as { properties?: Property[] }).properties, out);
    }
  }
  return out;
}
