/**
 * A discrete-event simulation of a whole model: the oracle that checks the analysis. It models
 * what the system physically does, never the analysis's shortcuts:
 * - a client sends Poisson requests at its rate (a read with its read share, else a write) and
 *   calls its out-edges one after another;
 * - every instance of a pool is its own group of k servers with its own FIFO queue (k and the
 *   mean service time from `instanceService`; exponential, or gamma with `serviceCv`, cv 0 =
 *   constant), then the component's fixed latency; a balancer's algorithm really picks the
 *   instance (in turn, fewest open requests, hash of the user, random), any other caller a random
 *   one; down instances (a snapshot per attempt, each down with 1 - availability) are routed
 *   around, an attempt fails when all are down, a failed call is retried up to its `retries`;
 * - a component passes a request on with its gain (a cache hit or a store read stops); a splitter
 *   sends it to one out-edge, others make each call (with its share) in edge order; a fan-out of
 *   n sends n parallel copies and waits for all; edges nobody waits for start an independent
 *   request (async, CDC, out of a broker or a store, write-behind);
 * - a store sends a request to one shard (the hottest takes skew/shards) and to its nodes: reads
 *   to the primary, a random replica or any node, writes to the primary and then to every
 *   replica (waiting for none, the first or all by the replication mode), a quorum to r random
 *   nodes (reads) or all nodes, answering after the w-th (writes);
 * - consumers of a partitioned queue or stream take partition p on instance p mod n; without
 *   partitions they compete for one shared FIFO.
 * A call back into a component already on the request's stack is not followed (as in the
 * analysis). Replications are independent (their own seeds); each figure is measured after the
 * warm-up and given as a mean over replications with a 95 % Student-t interval.
 */
import type { Model } from '../model.js';
import { Collector } from './collect.js';
import { Engine, GEN_CAP } from './engine.js';
import { compile, type Plan } from './plan.js';
import { replicationSeed } from './rng.js';
import type { SimOptions, Simulation, SimulationResult } from './types.js';

const num = (x: number | undefined, def: number, ok: (x: number) => boolean): number =>
  x !== undefined && Number.isFinite(x) && ok(x) ? x : def;

class Run implements Simulation {
  private readonly plan: Plan;
  private readonly collector: Collector;
  private readonly reps: number;
  private readonly durationS: number;
  private readonly warmupS: number;
  private readonly seed: number;
  private readonly maxEvents: number;
  private rep = 0;
  private engine: Engine | null = null;
  private events = 0;
  private stopped: SimulationResult['stopped'] | null = null;
  private cut = 0;
  private refused = 0;

  constructor(model: Model, o: SimOptions) {
    this.durationS = num(o.durationS, 60, (x) => x > 0);
    this.seed = num(o.seed, 1, () => true);
    this.reps = Math.min(100, Math.floor(num(o.replications, 5, (x) => x >= 1)));
    const defWarm = Math.min(Math.max(1, 0.1 * this.durationS), 0.5 * this.durationS);
    this.warmupS = Math.min(
      num(o.warmupS, defWarm, (x) => x >= 0),
      this.durationS,
    );
    this.maxEvents = num(o.maxEvents, 2e9, (x) => x >= 0);
    this.plan = compile(model);
    this.collector = new Collector(this.plan, this.reps);
  }

  step(maxEvents: number): boolean {
    let budget = Math.max(1, Math.floor(num(maxEvents, 1e6, (x) => x > 0)));
    while (this.stopped === null && budget > 0) {
      if (this.rep >= this.reps) {
        this.stopped = 'done';
        break;
      }
      const room = this.maxEvents - this.events;
      if (room <= 0) {
        this.stopEarly('event-cap');
        break;
      }
      if (this.engine === null) {
        this.engine = new Engine(
          this.plan,
          replicationSeed(this.seed, this.rep),
          this.warmupS * 1000,
          this.durationS * 1000,
        );
      }
      const en = this.engine;
      const before = en.events;
      const chunk = Math.min(budget, room);
      const finished = en.run(chunk);
      const used = en.events - before;
      this.events += used;
      budget -= Math.max(1, used);
      if (finished) {
        this.close(en, en.endMs);
        this.rep++;
      }
    }
    return this.stopped !== null;
  }

  private close(en: Engine, endMs: number): void {
    this.collector.add(en, endMs - en.warmMs);
    this.cut += en.cutChains;
    this.refused += en.refused;
    this.engine = null;
  }

  /** Stops: a replication under way counts when it passed its warm-up. */
  private stopEarly(why: 'event-cap' | 'cancelled'): void {
    const en = this.engine;
    if (en && en.now > en.warmMs) this.close(en, en.now);
    this.engine = null;
    this.stopped = why;
  }

  progress(): number {
    if (this.stopped !== null) return 1;
    const en = this.engine;
    const part = en ? Math.min(1, en.now / en.endMs) : 0;
    return Math.min(1, (this.rep + part) / this.reps);
  }

  cancel(): void {
    if (this.stopped === null) this.stopEarly('cancelled');
  }

  result(): SimulationResult {
    const c = this.collector;
    const notes = [...this.plan.notes];
    if (this.cut > 0)
      notes.push(`${this.cut} async requests not started: chains of more than ${GEN_CAP} async hops cut`);
    if (this.refused > 0) notes.push(`${this.refused} client requests refused: too many requests in flight`);
    return {
      seed: this.seed,
      durationS: this.durationS,
      warmupS: this.warmupS,
      replications: c.measured,
      events: this.events,
      stopped: this.stopped ?? 'cancelled',
      components: c.components(),
      edges: c.edges(),
      requests: c.requests(),
      notes,
    };
  }
}

export function createSimulation(model: Model, options: SimOptions = {}): Simulation {
  return new Run(model, options);
}

/** Runs a simulation to its end. */
export function simulate(model: Model, options: SimOptions = {}): SimulationResult {
  const s = createSimulation(model, options);
  while (!s.step(1 << 22));
  return s.result();
}
