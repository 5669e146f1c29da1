/**
 * The fast parser's scenario blocks: `scenario NAME { steps }`, each step a description, a
 * `load`, a `fail` or a component's property, decided as Chevrotain's look-ahead decides them.
 * Where a word could be read both ways (`fail rate 3`: a failed component `rate`, or the property
 * `rate` of a component `fail`), Chevrotain looks further, and the parser gives up.
 */
import { NUMBER_KIND, STRING_KIND } from './lexer.js';
import type { Run } from './parser.js';
import { pushChild, type Node } from './tree-builder.js';
import { quantity, stepProperty } from './values.js';

type StepRule = 'Description' | 'LoadStep' | 'FailStep' | 'SetStep';

/** `scenario NAME { ... }` into a new node (the caller opened the member's composites). */
export function scenario(run: Run): Node {
  const g = run.g.scenario;
  const node = run.node('Scenario');
  run.consume(g.kw);
  node.name = run.data(run.name, g.name).value;
  run.expect('{', g.open);
  while (run.kind() !== '}') step(run, node);
  run.consume(g.close);
  return node;
}

function step(run: Run, scenario: Node): void {
  const k = run.kind();
  const next = run.kind(1);
  const keyNext = run.keys.has(next);
  let rule: StepRule;
  if (k === 'description' && next === STRING_KIND) rule = 'Description';
  else if (k === 'load' && (next === NUMBER_KIND || next === '-')) rule = 'LoadStep';
  else if (k === 'fail' && !keyNext && (next === 'zone' || run.name.has(next))) rule = 'FailStep';
  else if (k === 'fail' && keyNext && run.name.has(next)) throw run.fail(true);
  else if (run.name.has(k) && keyNext) rule = 'SetStep';
  else throw run.fail();
  const outer = run.cst.open(run.g.scenario.steps);
  run.cst.open(run.g.step[rule]);
  let node: Node;
  switch (rule) {
    case 'Description':
      node = run.description();
      break;
    case 'LoadStep': {
      const g = run.g.load;
      node = run.node('LoadStep');
      run.consume(g.kw);
      quantity(run, node, 'factor', g.factor, run.stepValues);
      if (run.kind() === ';') run.consume(g.semi);
      break;
    }
    case 'FailStep':
      node = fail(run);
      break;
    case 'SetStep':
      node = run.node('SetStep');
      node.component = run.reference(node, 'component', run.g.set.component);
      stepProperty(run, node, run.g.set.property);
      break;
  }
  // The step's own rule's `construct`, then ScenarioStep's (which rebinds the CST node).
  run.finish(node);
  run.finish(node);
  pushChild(scenario, 'steps', node, outer);
}

/** `fail zone`, `fail app zone`, `fail app 2`, `fail app instances 2`, `fail db replica 1`, `fail redis`. */
function fail(run: Run): Node {
  const g = run.g.fail;
  const parts = run.g.data.FailPart;
  const node = run.node('FailStep');
  run.consume(g.kw);
  if (run.kind() === 'zone') {
    // `fail zone replicas ...`: the zone of every component, or component `zone`'s replicas.
    if (parts.has(run.kind(1))) throw run.fail(true);
    run.consume(g.zone);
    node.zone = true;
  } else {
    node.component = run.reference(node, 'component', g.component);
    if (parts.has(run.kind())) {
      // `fail app` + `zone rate 3 rps`: Chevrotain looks further.
      if (run.keys.has(run.kind(1))) throw run.fail(true);
      node.part = run.data(parts, g.part).value;
    }
  }
  const k = run.kind();
  if (k === NUMBER_KIND || k === '-') quantity(run, node, 'count', g.count, run.stepValues);
  if (run.kind() === ';') run.consume(g.semi);
  return node;
}
