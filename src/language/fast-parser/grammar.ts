/**
 * Grammar look-ups for the fast parser: every grammar element it attaches to CST nodes, and every
 * AST type's mandatory defaults, found once per language instance from Langium's grammar.
 */
import { AstUtils, GrammarAST, type AstReflection } from 'langium';

type Grammar = GrammarAST.Grammar;
type AbstractElement = GrammarAST.AbstractElement;

/** Grammar elements of one rule, looked up by kind, feature or keyword. */
class RuleElements {
  private readonly elements: AbstractElement[];
  constructor(readonly rule: GrammarAST.ParserRule) {
    this.elements = [
      rule.definition,
      ...AstUtils.streamAllContents(rule.definition).filter(GrammarAST.isAbstractElement),
    ];
  }
  keyword(value: string, nth = 0): GrammarAST.Keyword {
    const found = this.elements.filter((e): e is GrammarAST.Keyword => GrammarAST.isKeyword(e) && e.value === value)[
      nth
    ];
    if (!found) throw new Error(`fast parser: no keyword '${value}' #${nth} in rule ${this.rule.name}`);
    return found;
  }
  keywords(): Map<string, GrammarAST.Keyword> {
    const map = new Map<string, GrammarAST.Keyword>();
    for (const e of this.elements) if (GrammarAST.isKeyword(e) && !map.has(e.value)) map.set(e.value, e);
    return map;
  }
  /** The terminal (rule call, cross-reference or keyword) of the nth assignment to `feature`. */
  assigned(feature: string, nth = 0): AbstractElement {
    const found = this.elements.filter(
      (e): e is GrammarAST.Assignment => GrammarAST.isAssignment(e) && e.feature === feature,
    )[nth];
    if (!found) throw new Error(`fast parser: no assignment '${feature}' #${nth} in rule ${this.rule.name}`);
    return found.terminal;
  }
  /** The nth call of rule `name` (assigned or not). */
  call(name: string, nth = 0): GrammarAST.RuleCall {
    const found = this.elements.filter(
      (e): e is GrammarAST.RuleCall => GrammarAST.isRuleCall(e) && e.rule.$refText === name,
    )[nth];
    if (!found) throw new Error(`fast parser: no call of ${name} #${nth} in rule ${this.rule.name}`);
    return found;
  }
}

/** Per AST type, the properties Langium's `construct` gives a default (`[]`, `false`) when unset. */
export type Defaults = Map<string, [string, unknown][]>;

/** The defaults of the AST types the fast parser builds. */
export function mandatoryDefaults(reflection: AstReflection): Defaults {
  const defaults: Defaults = new Map();
  for (const name of [
    'Document',
    'Import',
    'System',
    'Description',
    'Slo',
    'Settings',
    'Component',
    'Edge',
    'EdgeModifier',
    'Property',
    'Quantity',
    'Unit',
    'QuorumValue',
    'StoreRef',
    'WordValue',
    'StringValue',
    'Range',
    'Scenario',
    'LoadStep',
    'FailStep',
    'SetStep',
  ]) {
    const props = reflection.getTypeMetaData(name).properties;
    defaults.set(
      name,
      Object.values(props)
        .filter((p) => p.defaultValue !== undefined)
        .map((p) => [p.name, p.defaultValue]),
    );
  }
  return defaults;
}

/** Every grammar element the parser attaches to CST nodes, looked up once. */
export function grammarElements(grammar: Grammar) {
  const rules = new Map<string, RuleElements>();
  for (const r of grammar.rules) if (GrammarAST.isParserRule(r)) rules.set(r.name, new RuleElements(r));
  const rule = (name: string): RuleElements => {
    const r = rules.get(name);
    if (!r) throw new Error(`fast parser: no rule ${name}`);
    return r;
  };
  // A datatype rule made of single tokens: keywords and maybe ID.
  const dataRule = (name: string): Map<string, AbstractElement> => {
    const r = rule(name);
    const leaf = new Map<string, AbstractElement>(r.keywords());
    const calls = [...AstUtils.streamAllContents(r.rule.definition)].filter(GrammarAST.isRuleCall);
    if (GrammarAST.isRuleCall(r.rule.definition)) calls.push(r.rule.definition);
    for (const c of calls) leaf.set(c.rule.$refText, c);
    return leaf;
  };
  const doc = rule('Document'),
    imp = rule('Import'),
    system = rule('System'),
    member = rule('SystemMember');
  const description = rule('Description'),
    slo = rule('Slo'),
    settings = rule('Settings');
  const component = rule('Component'),
    edge = rule('Edge'),
    modifier = rule('EdgeModifier'),
    property = rule('Property');
  const value = rule('Value'),
    qor = rule('QuantityOrRange'),
    quorum = rule('QuorumValue'),
    storeRef = rule('StoreRef');
  const wordValue = rule('WordValue'),
    stringValue = rule('StringValue'),
    quantity = rule('Quantity'),
    unit = rule('Unit');
  const actionOf = (r: RuleElements) => {
    const action = AstUtils.streamAllContents(r.rule.definition).find(GrammarAST.isAction);
    if (!action) throw new Error(`fast parser: no action in ${r.rule.name}`);
    return action;
  };
  const scenario = rule('Scenario'),
    step = rule('ScenarioStep'),
    load = rule('LoadStep'),
    fail = rule('FailStep'),
    set = rule('SetStep');
  const stepProperty = rule('StepProperty'),
    stepValue = rule('StepValue'),
    stepQor = rule('StepQuantityOrRange'),
    stepQuorum = rule('StepQuorumValue'),
    stepQuantity = rule('StepQuantity'),
    stepUnit = rule('StepUnit');
  // The keywords of an assignment's alternatives (`flag=('async' | ...)`), by text.
  const keywordsIn = (element: AbstractElement) =>
    new Map<string, AbstractElement>(
      AstUtils.streamAllContents(element)
        .filter(GrammarAST.isKeyword)
        .map((k) => [k.value, k]),
    );
  const flagKeywords = keywordsIn(modifier.assigned('flag'));
  /** A property's value rules: in braces, or in a scenario step (whose units are keywords only). */
  const values = (
    p: RuleElements,
    v: RuleElements,
    o: RuleElements,
    r: RuleElements,
    q: RuleElements,
    u: RuleElements,
    names: [string, string, string],
  ) => ({
    property: {
      key: p.assigned('key'),
      value: p.assigned('value'),
      qualifiers: keywordsIn(p.assigned('qualifier')),
      semi: p.keyword(';'),
    },
    value: {
      qor: v.call(names[0]),
      quorum: v.call(names[1]),
      storeRef: v.call('StoreRef'),
      word: v.call('WordValue'),
      string: v.call('StringValue'),
    },
    qor: { quantity: o.call(names[2]), action: actionOf(o), dots: o.keyword('..'), max: o.assigned('max') },
    quorum: {
      n: r.keyword('n'),
      nq: r.assigned('n'),
      r: r.keyword('r'),
      rq: r.assigned('r'),
      w: r.keyword('w'),
      wq: r.assigned('w'),
    },
    quantity: {
      minus: q.keyword('-'),
      value: q.assigned('value'),
      scale: q.assigned('scale'),
      unit: q.assigned('unit'),
    },
    unit: {
      per: u.keyword('per'),
      name0: u.assigned('name', 0),
      name1: u.assigned('name', 1),
      per1: u.keyword('per', 1),
      over: u.assigned('over'),
    },
  });
  return {
    values: values(property, value, qor, quorum, quantity, unit, ['QuantityOrRange', 'QuorumValue', 'Quantity']),
    stepValues: values(stepProperty, stepValue, stepQor, stepQuorum, stepQuantity, stepUnit, [
      'StepQuantityOrRange',
      'StepQuorumValue',
      'StepQuantity',
    ]),
    scenario: {
      kw: scenario.keyword('scenario'),
      name: scenario.assigned('name'),
      open: scenario.keyword('{'),
      steps: scenario.assigned('steps'),
      close: scenario.keyword('}'),
    },
    step: {
      Description: step.call('Description'),
      LoadStep: step.call('LoadStep'),
      FailStep: step.call('FailStep'),
      SetStep: step.call('SetStep'),
    },
    load: { kw: load.keyword('load'), factor: load.assigned('factor'), semi: load.keyword(';') },
    fail: {
      kw: fail.keyword('fail'),
      zone: fail.keyword('zone'),
      component: fail.assigned('component'),
      part: fail.assigned('part'),
      count: fail.assigned('count'),
      semi: fail.keyword(';'),
    },
    set: { component: set.assigned('component'), property: set.assigned('property') },
    doc: { imports: doc.assigned('imports'), systems: doc.assigned('systems') },
    imp: { kw: imp.keyword('import'), path: imp.assigned('path'), semi: imp.keyword(';') },
    system: {
      kw: system.keyword('system'),
      name: system.assigned('name'),
      open: system.keyword('{'),
      members: system.assigned('members'),
      close: system.keyword('}'),
    },
    member: {
      Component: member.call('Component'),
      Edge: member.call('Edge'),
      Slo: member.call('Slo'),
      Settings: member.call('Settings'),
      Description: member.call('Description'),
      Scenario: member.call('Scenario'),
    },
    description: {
      kw: description.keyword('description'),
      text: description.assigned('text'),
      semi: description.keyword(';'),
    },
    slo: {
      kw: slo.keyword('slo'),
      open: slo.keyword('{'),
      properties: slo.assigned('properties'),
      close: slo.keyword('}'),
    },
    settings: {
      kw: settings.keyword('settings'),
      open: settings.keyword('{'),
      properties: settings.assigned('properties'),
      close: settings.keyword('}'),
    },
    component: {
      kind: component.assigned('kind'),
      name: component.assigned('name'),
      open: component.keyword('{'),
      properties: component.assigned('properties'),
      close: component.keyword('}'),
    },
    edge: {
      source: edge.assigned('source'),
      arrow: edge.keyword('->'),
      target0: edge.assigned('targets', 0),
      comma: edge.keyword(','),
      target1: edge.assigned('targets', 1),
      modifiers: edge.assigned('modifiers'),
      open: edge.keyword('{'),
      properties: edge.assigned('properties'),
      close: edge.keyword('}'),
    },
    modifier: {
      flags: flagKeywords,
      requires: modifier.keyword('requires'),
      requirement: modifier.assigned('requirement'),
    },
    storeRef: { kw: storeRef.keyword('in'), store: storeRef.assigned('store') },
    wordValue: { word: wordValue.assigned('word') },
    stringValue: { text: stringValue.assigned('text') },
    data: {
      Name: dataRule('Name'),
      Word: dataRule('Word'),
      Kind: dataRule('Kind'),
      PropertyKey: dataRule('PropertyKey'),
      Scale: dataRule('Scale'),
      UnitWord: dataRule('UnitWord'),
      StepUnitWord: dataRule('StepUnitWord'),
      FailPart: dataRule('FailPart'),
    },
  };
}

/** The grammar elements the parser attaches to CST nodes, by rule and role. */
export type Elements = ReturnType<typeof grammarElements>;
/** The elements of a property and its value: in braces, or in a scenario step. */
export type ValueElements = Elements['values'];
