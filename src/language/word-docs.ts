/**
 * What a word of the language means, for a hover on it: a scenario's words (`scenario`, `load`,
 * `fail`, what fails) and a property's key where no component's figures stand (a scenario's set
 * step, `settings`), from the property table and its scenario words; and issue 16's edge
 * modifiers (`parallel`, `optional`) and consistency requirements (`requires monotonic`).
 */
import { AstUtils, GrammarAST, type CstNode } from 'langium';
import { CONSISTENCY_REQUIREMENTS, type ConsistencyRequirement } from '../core/model.js';
import { PROPERTY_BY_KEY, REQUIREMENT_DOCS, RESILIENCE_MODIFIERS, SCENARIO_WORDS } from '../core/properties.js';
import { isEdgeModifier, isSetStep, isSettings } from './generated/ast.js';

const FAIL_PARTS: Readonly<Record<string, string>> = {
  zone: "one zone: the instances, or a store's nodes, that zone holds (ceil(n / zones)); `fail zone` alone: the same zone of every zoned component",
  instances: "instances of the component's pool",
  replica: 'read replicas of the store (each shard loses as many)',
  replicas: 'read replicas of the store (each shard loses as many)',
  shard: "shards of the store: their keys' requests fail",
  shards: "shards of the store: their keys' requests fail",
};

/** The hover text (Markdown) of the word at `leaf`, or undefined when it has none of its own. */
export function wordDoc(leaf: CstNode): string | undefined {
  const source = leaf.grammarSource;
  // An edge's consistency requirement (`requires monotonic`): what it asks of the reads.
  const modifier = leaf.astNode;
  if (isEdgeModifier(modifier) && modifier.requirement !== undefined && leaf.text === modifier.requirement) {
    const r = modifier.requirement;
    if ((CONSISTENCY_REQUIREMENTS as readonly string[]).includes(r))
      return `**requires ${r}**\n\n${REQUIREMENT_DOCS[r as ConsistencyRequirement]}`;
  }
  if (!source || !GrammarAST.isKeyword(source)) return undefined;
  const rule = AstUtils.getContainerOfType(source, GrammarAST.isParserRule)?.name;
  const word = source.value;
  if (rule === 'Scenario' || rule === 'LoadStep' || rule === 'FailStep') {
    if (rule === 'FailStep' && word === 'zone') return `**fail zone**\n\n${FAIL_PARTS.zone}`;
    const w = SCENARIO_WORDS.find((x) => x.word === word);
    return w && `**${w.word}**\n\n${w.doc}\n\n\`${w.example}\``;
  }
  if (rule === 'FailPart') return FAIL_PARTS[word] && `**fail … ${word}**\n\n${FAIL_PARTS[word]}`;
  if (rule === 'EdgeModifier') {
    const m = RESILIENCE_MODIFIERS.find((x) => x.word === word);
    return m && `**${m.word}**\n\n${m.doc}\n\n\`${m.example}\``;
  }
  if (rule === 'PropertyKey') {
    const owner = leaf.astNode.$container;
    const spec = PROPERTY_BY_KEY.get(word);
    if (spec && (isSetStep(owner) || isSettings(owner))) return `**${spec.key}**\n\n${spec.doc}\n\n\`${spec.example}\``;
  }
  return undefined;
}
