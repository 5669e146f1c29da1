/**
 * The property table's rows for scaling (issue 15): `zones` on pools and stores and `growth` on
 * clients (both also system defaults in `settings`), and the words of a scenario block with their
 * docs. Spread into PROPERTY_SPECS (properties.ts), which everything reads. Pure.
 */
import { KINDS } from './kinds.js';
import { COMPONENT_KINDS, type ComponentKind } from './model.js';
import type { PropertySpec } from './property-types.js';

/** Kinds with instances, replicas or shards' nodes to spread over zones (all but clients and externals). */
const ZONED: readonly ComponentKind[] = COMPONENT_KINDS.filter(
  (k) => KINDS[k].pool || KINDS[k].store || KINDS[k].storeNodes !== 'never',
);

export const SCALING_SPECS: readonly PropertySpec[] = [
  {
    key: 'zones',
    value: { shape: 'quantity', dimension: 'count' },
    on: [...ZONED, 'settings'],
    integer: true,
    min: 1,
    doc:
      "Availability zones the instances (a store: its primary, replicas and each shard's nodes) are spread over evenly; " +
      'losing a zone loses ceil(n / zones) of them. In `settings`, the default for every pool and store (else 1).',
    example: 'zones 3',
  },
  {
    key: 'growth',
    value: { shape: 'quantity', dimension: 'growth' },
    on: ['client', 'settings'],
    min: 0,
    doc:
      "Compounding growth of the client's rate, % per month (`per year`, `per week`, `per day` convert to the same " +
      'monthly rate; a year is 12 months, a month 30.44 days); in `settings`, the default for every client. ' +
      'Looked ahead to the `horizon`.',
    example: 'growth 8 % per month',
  },
];

/** The words of a `scenario NAME { ... }` block, with their meaning and an example (completion, docs). */
export const SCENARIO_WORDS: readonly { word: string; doc: string; example: string }[] = [
  {
    word: 'scenario',
    doc: "Changes applied, in order, to a copy of the model: the figures and findings under them, the model's own untouched.",
    example: 'scenario black-friday { load 3 x  fail app zone }',
  },
  { word: 'load', doc: "Every client's rate multiplied (the unit `x` is required).", example: 'load 3 x' },
  {
    word: 'fail',
    doc:
      'A failure: `fail zone` (one zone of every zoned component), `fail app zone`, `fail app 2` (instances), ' +
      '`fail db replica 1`, `fail db shard 1`, or `fail redis` (the whole component; a cache down sends its reads on).',
    example: 'fail app 2',
  },
  {
    word: 'description',
    doc: 'What the scenario stands for (shown with its verdict).',
    example: 'description "Three times today\'s traffic"',
  },
];
