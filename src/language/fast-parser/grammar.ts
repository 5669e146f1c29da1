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
  const qorAction = AstUtils.streamAllContents(qor.rule.definition).find(GrammarAST.isAction);
  if (!qorAction) throw new Error('fast parser: no action in QuantityOrRange');
  // The keywords of an assignment's alternatives (`flag=('async' | ...)`), by text.
  const keywordsIn = (element: AbstractElement) =>
    new Map<string, AbstractElement>(
      AstUtils.streamAllContents(element)
        .filter(GrammarAST.isKeyword)
        .map((k) => [k.value, k]),
    );
  const flagKeywords = keywordsIn(modifier.assigned('flag'));
  const qualifierKeywords = keywordsIn(property.assigned('qualifier'));
  return {
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
    property: {
      key: property.assigned('key'),
      value: property.assigned('value'),
      qualifiers: qualifierKeywords,
      semi: property.keyword(';'),
    },
    value: {
      qor: value.call('QuantityOrRange'),
      quorum: value.call('QuorumValue'),
      storeRef: value.call('StoreRef'),
      word: value.call('WordValue'),
      string: value.call('StringValue'),
    },
    qor: { quantity: qor.call('Quantity'), action: qorAction, dots: qor.keyword('..'), max: qor.assigned('max') },
    quorum: {
      n: quorum.keyword('n'),
      nq: quorum.assigned('n'),
      r: quorum.keyword('r'),
      rq: quorum.assigned('r'),
      w: quorum.keyword('w'),
      wq: quorum.assigned('w'),
    },
    storeRef: { kw: storeRef.keyword('in'), store: storeRef.assigned('store') },
    wordValue: { word: wordValue.assigned('word') },
    stringValue: { text: stringValue.assigned('text') },
    quantity: {
      minus: quantity.keyword('-'),
      value: quantity.assigned('value'),
      scale: quantity.assigned('scale'),
      unit: quantity.assigned('unit'),
    },
    unit: {
      per: unit.keyword('per'),
      name0: unit.assigned('name', 0),
      name1: unit.assigned('name', 1),
      per1: unit.keyword('per', 1),
      over: unit.assigned('over'),
    },
    data: {
      Name: dataRule('Name'),
      Word: dataRule('Word'),
      Kind: dataRule('Kind'),
      PropertyKey: dataRule('PropertyKey'),
      Scale: dataRule('Scale'),
      UnitWord: dataRule('UnitWord'),
    },
  };
}

/** The grammar elements the parser attaches to CST nodes, by rule and role. */
export type Elements = ReturnType<typeof grammarElements>;
