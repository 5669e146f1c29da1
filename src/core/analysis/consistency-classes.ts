/**
 * The consistency classes as sets of guarantees (consistency.ts reads them): how two hops combine,
 * whether a class meets a requirement, and two requirements written on one path.
 */
import type { ConsistencyRequirement } from '../model.js';
import type { ConsistencyClass } from './types.js';

/**
 * What each class guarantees, as a set of bits: the classes are not a chain. Session is
 * read-your-writes and monotonic reads together; read-your-writes alone does not give monotonic
 * reads (reads after a write go to the leader, the others to any replica, which may be further
 * behind than the last one read), nor do monotonic reads give read-your-writes (a user pinned to
 * one async replica reads it in order, but their own write reaches it only after the lag). So the
 * weakest of two hops is the intersection of their guarantees (read-your-writes ∧ monotonic =
 * eventual), and a class meets a requirement when it holds every guarantee the requirement names.
 */
const BOUNDED = 1; // converges: every read eventually sees every write (not weak)
const MONOTONIC = 2; // a user never reads older data after newer
const OWN_WRITES = 4; // a user sees their own writes
const LINEARIZABLE = 8; // every read sees the latest committed write
const GUARANTEES: Record<ConsistencyClass, number> = {
  weak: 0,
  eventual: BOUNDED,
  monotonic: BOUNDED | MONOTONIC,
  'read-your-writes': BOUNDED | OWN_WRITES,
  session: BOUNDED | MONOTONIC | OWN_WRITES,
  strong: BOUNDED | MONOTONIC | OWN_WRITES | LINEARIZABLE,
};
const BY_GUARANTEES = new Map<number, ConsistencyClass>(
  (Object.entries(GUARANTEES) as [ConsistencyClass, number][]).map(([k, v]) => [v, k]),
);
/** The weakest class both give: the guarantees they share (read-your-writes ∧ monotonic = eventual). */
export function weakestOf(a: ConsistencyClass, b: ConsistencyClass): ConsistencyClass {
  return BY_GUARANTEES.get(GUARANTEES[a] & GUARANTEES[b]) ?? 'weak';
}

/** Whether reads of class `cls` meet a requirement: every guarantee it names is held. */
export function meets(cls: ConsistencyClass, requirement: ConsistencyRequirement): boolean {
  const need = GUARANTEES[requirement];
  return (GUARANTEES[cls] & need) === need;
}

/** What two requirements on one path ask together: every guarantee either names (monotonic + read-your-writes = session). */
export function bothRequirements(a: ConsistencyRequirement, b: ConsistencyRequirement): ConsistencyRequirement {
  const both = BY_GUARANTEES.get(GUARANTEES[a] | GUARANTEES[b]);
  return both && both !== 'weak' ? both : a;
}

/** Whether a requirement asks more than eventual reads (a cache or a replica read at random may break it). */
export function beyondEventual(requirement: ConsistencyRequirement | undefined): boolean {
  return requirement !== undefined && requirement !== 'eventual';
}
