/** The discrete-event simulation of a model (the oracle for the analysis). */
export { createSimulation, simulate } from './simulation.js';
export type {
  Estimate,
  SimComponent,
  SimCalls,
  SimEdge,
  SimLatency,
  SimOptions,
  SimRequest,
  SimulationResult,
  Simulation,
} from './types.js';
export { replicationSeed } from './rng.js';
