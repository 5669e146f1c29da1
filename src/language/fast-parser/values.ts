/**
 * The fast parser's properties and values (in braces, or in a scenario step), read as Langium's
 * rules Property / StepProperty, Value / StepValue and Quantity / StepQuantity build them.
 */
import { ValueConverter, type GrammarAST } from 'langium';
import { NUMBER_KIND, STRING_KIND } from './lexer.js';
import type { Run, ValueSet } from './parser.js';
import { setChild, type Node } from './tree-builder.js';

type AbstractElement = GrammarAST.AbstractElement;

/** A scenario step's property (`users rate 25 k rps`) as `feature` of `owner`. */
export function stepProperty(run: Run, owner: Node, feature: AbstractElement): void {
  if (!run.keys.has(run.kind())) throw run.fail();
  const cst = run.cst.open(feature);
  const node = propertyBody(run, run.stepValues);
  setChild(owner, 'property', node, cst);
}

/**
 * In a scenario step, a word that could end this step or start the next (a name followed by a
 * property key: `fail app 2` + `k rate 3 rps`): Chevrotain looks further, so the parser gives up.
 */
function stepAmbiguity(run: Run, v: ValueSet): void {
  if (v.step && run.name.has(run.kind()) && run.keys.has(run.kind(1))) throw run.fail(true);
}

/** A property's tokens into a new, finished node (the caller opened its composite). */
export function propertyBody(run: Run, v: ValueSet): Node {
  const g = v.e.property;
  const k0 = run.kind();
  if (!run.keys.has(k0)) throw run.fail();
  const node = run.node('Property');
  node.key = run.data(run.keys, g.key).value;
  const k = run.kind();
  // `async`/`sync` right after the key is its word value, as Chevrotain takes it (greedily):
  // `replication async` has the value `async`, `replication async sync` also the qualifier.
  if (k === '-' || k === NUMBER_KIND || k === 'n' || k === 'in' || k === STRING_KIND || run.word.has(k)) {
    if (k !== 'n' && k !== 'in') stepAmbiguity(run, v);
    const vcst = run.cst.open(g.value);
    const val = value(run, k, v);
    run.finish(val);
    setChild(node, 'value', val, vcst);
  }
  const q = run.kind();
  const qualifier = g.qualifiers.get(q);
  if (qualifier) {
    stepAmbiguity(run, v);
    node.qualifier = run.consume(qualifier);
  }
  if (run.kind() === ';') run.consume(g.semi);
  run.finish(node);
  return node;
}

/** One Value alternative (its CST composite inside the Value's is opened here). */
function value(run: Run, k: string, v: ValueSet): Node {
  const g = v.e;
  if (k === '-' || k === NUMBER_KIND) {
    run.cst.open(g.value.qor);
    run.cst.open(g.qor.quantity);
    const q = quantityBody(run, v);
    run.finish(q); // Quantity
    if (run.kind() === '..') return range(run, q, v);
    run.finish(q); // QuantityOrRange
    return q;
  }
  let node: Node;
  if (k === 'n') {
    run.cst.open(g.value.quorum);
    node = run.node('QuorumValue');
    run.consume(g.quorum.n);
    quantity(run, node, 'n', g.quorum.nq, v);
    run.expect('r', g.quorum.r);
    quantity(run, node, 'r', g.quorum.rq, v);
    run.expect('w', g.quorum.w);
    quantity(run, node, 'w', g.quorum.wq, v);
  } else if (k === 'in') {
    run.cst.open(g.value.storeRef);
    node = run.node('StoreRef');
    run.consume(run.g.storeRef.kw);
    node.store = run.reference(node, 'store', run.g.storeRef.store);
  } else if (k === STRING_KIND) {
    run.cst.open(g.value.string);
    node = run.node('StringValue');
    node.text = ValueConverter.convertString(run.consume(run.g.stringValue.text));
  } else {
    run.cst.open(g.value.word);
    node = run.node('WordValue');
    node.word = run.data(run.word, run.g.wordValue.word).value;
  }
  run.finish(node);
  return node;
}

/**
 * `{infer Range.min=current} '..' max=Quantity`, as Langium's parser runs the action: the
 * QuantityOrRange node so far becomes `min` and moves under a new node for the action.
 */
function range(run: Run, min: Node, v: ValueSet): Node {
  const g = v.e.qor;
  const qorCst = run.cst.current;
  run.finish(min);
  const parent = run.cst.current;
  parent.content.splice(parent.content.indexOf(qorCst), 1);
  const action = run.cst.open(g.action);
  qorCst.container = action;
  action.content.push(qorCst);
  const range = run.node('Range');
  setChild(range, 'min', min, qorCst);
  run.consume(g.dots);
  quantity(run, range, 'max', g.max, v);
  run.finish(range);
  return range;
}

export function quantity(
  run: Run,
  owner: Node,
  feature: string,
  element: AbstractElement,
  v: ValueSet = run.plain,
): void {
  if (run.kind() !== '-' && run.kind() !== NUMBER_KIND) throw run.fail();
  const cst = run.cst.open(element);
  const q = quantityBody(run, v);
  run.finish(q);
  setChild(owner, feature, q, cst);
}

/** Quantity's tokens into a new node (the caller opened its composite). */
function quantityBody(run: Run, v: ValueSet): Node {
  const g = v.e.quantity;
  const node = run.node('Quantity');
  if (run.kind() === '-') {
    run.consume(g.minus);
    node.negative = true;
  }
  if (run.kind() !== NUMBER_KIND) throw run.fail();
  node.value = run.consume(g.value);
  if (run.scales.has(run.kind())) {
    stepAmbiguity(run, v);
    node.scale = run.data(run.scales, g.scale).value;
  }
  const k = run.kind();
  if (k === 'per' || v.unitWords.has(k)) {
    stepAmbiguity(run, v);
    const cst = run.cst.open(g.unit);
    const unit = run.node('Unit');
    if (k === 'per') {
      run.consume(v.e.unit.per);
      unit.per = true;
      unit.name = run.data(v.unitWords, v.e.unit.name0).value;
    } else {
      unit.name = run.data(v.unitWords, v.e.unit.name1).value;
      // `8 % per month`: taken whenever `per` follows, as Chevrotain's optional is.
      if (run.kind() === 'per') {
        stepAmbiguity(run, v);
        run.consume(v.e.unit.per1);
        unit.over = run.data(v.unitWords, v.e.unit.over).value;
      }
    }
    run.finish(unit);
    setChild(node, 'unit', unit, cst);
  }
  return node;
}
