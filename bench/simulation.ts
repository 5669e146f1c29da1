/**
 * The simulation's speed: events per second on one core (a 10,000 rps model of a balancer over a
 * pool in front of a replicated store, 20 simulated seconds, one replication), and the wall time of
 * `archscale simulate` on the capacity-plan sample at its defaults (60 simulated seconds, every
 * replication), read from the sample's text as the CLI reads it.
 */
import { readFileSync } from 'node:fs';
import { simulate } from '../src/core/simulation/index.js';
import { loadTexts } from '../src/language/workspace.js';
import type { Model } from '../src/core/model.js';

export interface SimulationBench {
  eventsPerSecond: number;
  nsPerEvent: number;
  events: number;
  wallMs: number;
  capacityPlanMs: number;
  capacityPlanEvents: number;
  capacityPlanReplications: number;
}

async function modelOf(text: string): Promise<Model> {
  const r = await loadTexts({ '/bench/model.arch': text });
  return r.model;
}

const EVENTS_MODEL = `system bench {
  client users { rate 10 k rps reads 90 % }
  loadbalancer lb { algorithm round-robin }
  service app { instances 20 service-time 1.4 ms }
  database db { service-time 0.5 ms replicas 4 read-from replicas }
  users -> lb
  lb -> app
  app -> db
}
`;

export async function measureSimulation(): Promise<SimulationBench> {
  const m = await modelOf(EVENTS_MODEL);
  simulate(m, { durationS: 2, replications: 2, seed: 9 }); // warm-up (JIT)
  const t0 = performance.now();
  const r = simulate(m, { durationS: 20, replications: 2, seed: 1 });
  const wallMs = performance.now() - t0;
  const plan = await modelOf(readFileSync('samples/capacity-plan.arch', 'utf8'));
  const t1 = performance.now();
  const p = simulate(plan, { durationS: 60, seed: 1 });
  const capacityPlanMs = performance.now() - t1;
  return {
    eventsPerSecond: r.events / (wallMs / 1000),
    nsPerEvent: (wallMs * 1e6) / r.events,
    events: r.events,
    wallMs,
    capacityPlanMs,
    capacityPlanEvents: p.events,
    capacityPlanReplications: p.replications,
  };
}
