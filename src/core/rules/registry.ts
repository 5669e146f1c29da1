/**
 * Every rule, in the order they are reported. One file per rule in this folder, named after the
 * rule id; `structural.ts` lists the rules that read the model's shape, `figures.ts` those that
 * read the analysis's numbers.
 */
import { FIGURE_RULES } from './figures.js';
import { STRUCTURAL_RULES } from './structural.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [...STRUCTURAL_RULES, ...FIGURE_RULES];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
