/** The scaling questions (load sweep, efficiency, growth, failover, scenarios): see types.ts. */
export type * from './types.js';
