/** The scaling questions (load sweep, efficiency, growth, failover, scenarios): see types.ts. */
export type * from './types.js';
export { sweep, sweepOf, DEFAULT_STEPS } from './sweep.js';
