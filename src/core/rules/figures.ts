/** Rules that read the analysis's figures (loads, utilisation, latency, consistency, storage). */
import type { Rule } from './types.js';

export const FIGURE_RULES: readonly Rule[] = [];
