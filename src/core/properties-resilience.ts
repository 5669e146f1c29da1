/**
 * The property table's rows for resilience (issue 16): timeouts (edge, client, slo), retry budgets,
 * jitter, circuit breakers, fallbacks, connection pools and bulkheads, store connection limits,
 * regions, scheduled jobs and the error-rate SLO; and the edge modifiers (`parallel`, `optional`)
 * and consistency requirements with their docs. Spread into PROPERTY_SPECS (properties.ts). Pure.
 */
import { kindsWith } from './kinds.js';
import { COMPONENT_KINDS, type ConsistencyRequirement } from './model.js';
import type { PropertySpec } from './property-types.js';

/** Kinds that run a job on a schedule (`schedule every 1 day run 20 min rate 200 rps`). */
export const SCHEDULED_KINDS = kindsWith('runsCode');

export const RESILIENCE_SPECS: readonly PropertySpec[] = [
  {
    key: 'timeout',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['edge', 'client', 'slo'],
    min: 0,
    exclusiveMin: true,
    doc:
      'On an edge: the caller gives up on one attempt after this long (the attempt fails and may be retried; ' +
      'the callee still does the work). On a client: the end-to-end timeout of its requests. In an slo: the ' +
      "end-to-end timeout of every request (a client's own overrides it); slower requests fail.",
    example: 'timeout 300 ms',
  },
  {
    key: 'retries',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['edge'],
    integer: true,
    min: 0,
    doc: 'Retries after a failed or timed-out attempt (each adds load on the callee).',
    example: 'retries 2',
  },
  {
    key: 'budget',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['edge'],
    min: 0,
    max: 1,
    doc: 'Retry budget: retries at most this share of the calls, so the extra load is capped (attempts per call ≤ 1 + budget).',
    example: 'budget 10 %',
  },
  {
    key: 'jitter',
    value: { shape: 'flag' },
    on: ['edge'],
    doc: 'Retries wait a randomised back-off, so they do not arrive in synchronised waves.',
    example: 'jitter',
  },
  {
    key: 'circuit-breaker',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['edge'],
    min: 0.01,
    max: 1,
    doc:
      'Circuit breaker (1–100 %): opens when this share of attempts fails or times out; while open, calls fail ' +
      'at once (or take the `fallback`) and the callee gets none of them.',
    example: 'circuit-breaker 50 %',
  },
  {
    key: 'fallback',
    value: { shape: 'flag' },
    on: ['edge'],
    doc: 'On failure (or while the breaker is open) the caller answers with a fallback (degraded, not failed).',
    example: 'fallback',
  },
  {
    key: 'connections',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['edge', 'service', 'worker'],
    integer: true,
    min: 1,
    doc:
      'Connection pool per caller instance: at most this many calls at once, the rest queue for a free connection. ' +
      "On a service or worker, the pool to each callee it waits for; an edge's own overrides it.",
    example: 'connections 20',
  },
  {
    key: 'bulkhead',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['edge'],
    integer: true,
    min: 1,
    doc: 'Bulkhead per caller instance: at most this many calls at once over this edge; the rest are refused (they fail).',
    example: 'bulkhead 10',
  },
  {
    key: 'max-connections',
    value: { shape: 'quantity', dimension: 'count' },
    on: ['database', 'cache', 'search', 'storage'],
    integer: true,
    min: 1,
    doc: "Connections the store accepts in all (every caller's pools together).",
    example: 'max-connections 500',
  },
  {
    key: 'region',
    value: { shape: 'word', words: [], open: true },
    on: [...COMPONENT_KINDS, 'settings'],
    doc:
      "The region it runs in (any name); a call between two regions adds the settings' `region-latency`. " +
      "In `settings`, the system's region: its components' unless they give their own.",
    example: 'region eu-west',
  },
  {
    key: 'region-latency',
    value: { shape: 'quantity', dimension: 'time' },
    on: ['settings'],
    min: 0,
    doc: 'Latency added to a call from one region to another.',
    example: 'region-latency 80 ms',
  },
  {
    key: 'schedule',
    value: { shape: 'flag' },
    on: SCHEDULED_KINDS,
    doc:
      'A scheduled job: runs for `run` every `every`, sending `rate` while it runs; a load source of its own, ' +
      'outside the request SLO.',
    example: 'schedule every 1 day run 20 min rate 200 rps',
  },
  {
    key: 'every',
    value: { shape: 'quantity', dimension: 'time' },
    on: SCHEDULED_KINDS,
    min: 0,
    exclusiveMin: true,
    doc: 'How often the scheduled job starts (with `schedule` and `run`).',
    example: 'schedule every 1 day run 20 min rate 200 rps',
  },
  {
    key: 'run',
    value: { shape: 'quantity', dimension: 'time' },
    on: SCHEDULED_KINDS,
    min: 0,
    exclusiveMin: true,
    doc: 'How long each run of the scheduled job lasts (at most `every`).',
    example: 'schedule every 1 day run 20 min rate 200 rps',
  },
  {
    key: 'error-rate',
    value: { shape: 'quantity', dimension: 'percent' },
    on: ['slo'],
    min: 0,
    max: 1,
    doc: 'Error-rate target: the share of requests that may fail (unavailable, timed out or refused).',
    example: 'error-rate 0.5 %',
  },
];

/** The edge modifiers of issue 16, with their meaning and an example (hover, completion). */
export const RESILIENCE_MODIFIERS: readonly { word: string; doc: string; example: string }[] = [
  {
    word: 'parallel',
    doc:
      "The statement's calls run at the same time: the caller waits for the slowest of them, not their sum " +
      '(sequential with its other calls).',
    example: 'app -> pricing, inventory parallel',
  },
  {
    word: 'optional',
    doc: 'Partial results: the caller answers without this call when it fails or times out (its time is capped at its timeout).',
    example: 'app -> ads optional { timeout 50 ms }',
  },
];

/** What each consistency requirement (`requires …`) asks of the reads over an edge. */
export const REQUIREMENT_DOCS: Readonly<Record<ConsistencyRequirement, string>> = {
  strong: 'every read sees the latest write (linearizable).',
  session: "read-your-writes and monotonic reads together: a user's session never goes back in time.",
  'read-your-writes': 'a user sees their own writes at once.',
  monotonic: 'a user never sees older data after newer (e.g. `read-from sticky`: one replica per user).',
  eventual: 'reads may be stale for a while (lag, TTL) but converge.',
};
