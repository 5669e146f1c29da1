/**
 * Whether a component is a scheduled job and what it sends while it runs (issue 16), for the load
 * sources (load.ts) and the schedule figures (schedule.ts); apart so that neither imports the other.
 */
import type { Component } from '../model.js';

/** Whether a component is a scheduled job (`schedule every … run …`, both positive). */
export function isScheduled(c: Component): boolean {
  const s = c.schedule;
  return !!s && s.everyMs > 0 && s.runMs > 0 && Number.isFinite(s.everyMs) && Number.isFinite(s.runMs);
}

/** What a scheduled job sends while it runs, rps (0 for anything else or without a rate). */
export function scheduledRate(c: Component): number {
  if (!isScheduled(c)) return 0;
  const r = c.rateRps;
  return r !== undefined && Number.isFinite(r) && r > 0 ? r : 0;
}
