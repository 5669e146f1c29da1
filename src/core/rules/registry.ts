/** Every rule, in the order they are reported. One file per rule in this folder. */
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
