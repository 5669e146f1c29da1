/** Rules that read the model's shape (kinds, properties, edges). */
import type { Rule } from './types.js';

export const STRUCTURAL_RULES: readonly Rule[] = [];
