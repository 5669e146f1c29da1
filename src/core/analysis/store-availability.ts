/**
 * Availability of a store's writes, from one node's availability: the one computation the
 * analysis (`ownService` in component.ts: a store's own write availability) and the rules
 * (cap-contradiction: a CP store against an availability SLO) both use.
 *
 * A write succeeds when every node it waits for is up:
 * - a quorum: at least W of its N nodes, P(≥ W of N up);
 * - synchronous replicas: the primary and all R replicas, a^(R + 1);
 * - semi-synchronous replicas: the primary and at least one of the R replicas, a · (1 − (1 − a)^R);
 * - asynchronous replicas, or none: the primary alone, a.
 * Nodes fail independently. (Reads: any serving node, or R of N for a quorum; see ownService.)
 */
import type { Quorum, ReplicationMode } from '../model.js';
import { atLeast, redundant } from './queueing.js';

/** What a store's writes wait for. */
export interface WriteNodes {
  /** Replicas of the primary (of each shard), when there is no quorum. */
  replicas: number;
  /** How writes reach them. */
  replication: ReplicationMode;
  quorum: Quorum | null;
}

/** P(a write finds every node it waits for up), each node up with probability a. */
export function writeAvailability(a: number, s: WriteNodes): number {
  if (s.quorum) {
    const { n, w } = s.quorum;
    return atLeast(Math.min(w, n), n, a);
  }
  const R = s.replicas > 0 ? s.replicas : 0;
  if (R === 0) return a;
  if (s.replication === 'sync') return Math.pow(a, R + 1);
  if (s.replication === 'semi-sync') return a * redundant(a, R);
  return a;
}

/** How a write's availability is computed, as a formula (for figures and messages). */
export function writeAvailabilityFormula(s: WriteNodes): string {
  if (s.quorum) return 'P(≥ W of N up)';
  if (s.replicas > 0 && s.replication === 'sync') return 'a^(R + 1) (the primary and every replica)';
  if (s.replicas > 0 && s.replication === 'semi-sync') return 'a · (1 − (1 − a)^R) (the primary and one replica)';
  return 'a (the primary)';
}
