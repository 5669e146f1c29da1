/** The scaling questions (load sweep, efficiency, growth, failover, scenarios): see types.ts. */
export type * from './types.js';
export { sweep, sweepOf, DEFAULT_STEPS } from './sweep.js';
export { applyScenario, failPart } from './scenario.js';
export { runScenario, scenariosOf, scenarioResult, scenariosIn, verdictOf, latencyMisses } from './verdict.js';
export { zonesOf, lostInZones } from './zones.js';
export { failover, failoversOf, failoverSizing, MAX_EXACT, type FailoverSizing, type SloMode } from './failover.js';
export { efficiency } from './efficiency.js';
export { growth, growthOf, growthRateOf, horizonMonths } from './growth.js';
