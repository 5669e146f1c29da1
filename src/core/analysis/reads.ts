/**
 * Which figures a rule reads beyond a component's own service figures (its call tree's latency,
 * its consistency, an edge's fan-out tail): the rule runner records them while it runs one
 * per-component check (rules/memo.ts), so that the check's findings are kept while those figures
 * stay the same. Null (nothing recorded) at all other times.
 */

/** A component's latency including its synchronous calls (end to end; a client's latency and concurrency). */
export const READ_TREE = 1;
/** A store's or cache's consistency (it depends on what feeds it). */
export const READ_CONSISTENCY = 2;
/** An edge's fan-out tail (it depends on the callee's latency). */
export const READ_EDGE_TREE = 3;

export type FigureRead = typeof READ_TREE | typeof READ_CONSISTENCY | typeof READ_EDGE_TREE;

export const FIGURE_READS: { record: ((read: FigureRead, id: string) => void) | null } = { record: null };
