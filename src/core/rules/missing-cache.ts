/**
 * missing-cache: a read-heavy database or search index whose reads come straight from services,
 * with no cache or CDN in front (an in-memory cache is the buffer layer between the application
 * and the database).
 */
import { beyondEventual } from '../analysis/consistency-classes.js';
import { isBroker, isCache, isStore, KINDS } from '../kinds.js';
import type { Edge } from '../model.js';
import { count, list, percent, rate } from '../wording.js';
import { edgeFigures, loadTotal, value } from './helpers/figures.js';
import { freshName, shareValue } from './helpers/fix-values.js';
import { targetFor } from './helpers/sizing.js';
import { at, singleTarget } from './helpers/where.js';
import {
  componentRule,
  NO_FINDINGS,
  type Fix,
  type FixOperation,
  type RawFinding,
  type Rule,
  type RuleContext,
} from './types.js';

/** The cache the quick fix inserts: in memory (Redis), cache-aside, assembled objects, a 60 s TTL. */
export const INSERTED_CACHE = 'engine redis hit 80 % ttl 60 s pattern cache-aside caches objects';

/** Whether an edge brings reads a cache could answer: not CDC, not from a cache, store or broker, not needing more than eventual reads. */
function cacheableRead(ctx: RuleContext, e: Edge): boolean {
  if (e.cdc || e.traffic === 'writes') return false;
  if (beyondEventual(e.requires)) return false;
  const src = ctx.component(e.from);
  if (!src || isCache(src.kind) || isStore(src.kind) || isBroker(src.kind)) return false;
  return true;
}

function insertCacheFix(ctx: RuleContext, id: string, system: string, direct: readonly Edge[]): Fix | undefined {
  const name = freshName(ctx, `${id}-cache`);
  const retargets: FixOperation[] = [];
  const modifiers: FixOperation[] = [];
  const edges: FixOperation[] = [];
  for (const e of direct) {
    if (e.traffic === 'reads') {
      retargets.push({ op: 'retarget-edge', edge: e.id, to: name });
      continue;
    }
    // `all`: the writes stay on the edge, the reads go through the cache.
    if (!singleTarget(e)) return undefined; // modifiers would change the edge's other targets too
    modifiers.push({ op: 'set-modifiers', edge: e.id, add: ['writes'], remove: ['all', 'reads'] });
    const props: string[] = [];
    if (e.share !== undefined) props.push(`share ${shareValue(e.share)}`);
    if (e.fanout !== undefined && e.fanout > 1) props.push(`fanout ${e.fanout}`);
    const req = e.requires ? ` requires ${e.requires}` : '';
    edges.push({
      op: 'add-edge',
      system: e.system,
      text: `${e.from} -> ${name} reads${req}${props.length ? ` { ${props.join(' ')} }` : ''}`,
    });
  }
  edges.push({ op: 'add-edge', system, text: `${name} -> ${id} reads` });
  // Edges added at the end of a system land at the same offset (the end of its last member), each
  // before the previous one, and before a modifier change on that last edge: list them reversed,
  // and the modifier changes last, so the text reads in order.
  const ops: FixOperation[] = [
    { op: 'add-component', system, after: id, text: `cache ${name} { ${INSERTED_CACHE} }` },
    ...retargets,
    ...edges.reverse(),
    ...modifiers,
  ];
  return {
    title: `Insert a cache: ${name} (Redis, cache-aside, 80 % hits, TTL 60 s)`,
    operations: ops,
    preferred: true,
  };
}

export const missingCache: Rule = componentRule({
  id: 'missing-cache',
  defaultSeverity: 'warning',
  description:
    'A read-heavy database or search index read straight from services, with no cache or CDN in front of it.',
  concept: 'Caching: an in-memory cache as a buffer layer between the application and the database',
  component(ctx, c) {
    const { readHeavyShare, readHeavyMinRps } = ctx.settings.thresholds;
    const out: RawFinding[] = [];
    if (!KINDS[c.kind].readsWorthCaching) return NO_FINDINGS;
    const f = ctx.figures(c.id);
    if (!f) return NO_FINDINGS;
    const reads = value(f.load.reads);
    const total = loadTotal(f);
    if (reads === null || total === null || !(total > 0)) return NO_FINDINGS;
    if (reads < readHeavyMinRps || reads / total < readHeavyShare) return NO_FINDINGS;
    // A store with a known capacity that its load keeps below the target utilisation does not
    // need the reads taken off it (yet); unknown capacity cannot show that.
    const util = value(f.utilization);
    if (f.hasCapacity && util !== null && util < targetFor(ctx, c)) return NO_FINDINGS;
    const direct: Edge[] = [];
    let directReads = 0;
    for (const e of ctx.inEdges(c.id)) {
      if (!cacheableRead(ctx, e)) continue;
      const r = value(edgeFigures(ctx, e.id)?.load.reads);
      if (r === null || !(r > 0)) continue;
      direct.push(e);
      directReads += r;
    }
    if (direct.length === 0 || directReads < readHeavyMinRps) return NO_FINDINGS;
    const sources = [...new Set(direct.map((e) => e.from))];
    const cap = value(f.capacity);
    const against = cap !== null && util !== null ? `, against a capacity of ${rate(cap)} (${percent(util)})` : '';
    const straight =
      directReads < reads - 1e-9
        ? `, ${count(directReads)} of them straight from ${list(sources)}`
        : ` straight from ${list(sources)}`;
    const message =
      `${c.id} receives ${count(reads)} reads/s (${percent(reads / total)} of its load)${straight}${against}: ` +
      `add a cache in front of it or read replicas`;
    const fix = insertCacheFix(ctx, c.id, c.system, direct);
    out.push({
      message,
      location: at(c),
      components: [c.id, ...sources],
      related: direct.map((e) => ({
        location: e.location,
        message: `${e.from} reads ${count(value(edgeFigures(ctx, e.id)?.load.reads) ?? 0)}/s from ${c.id} directly`,
      })),
      fixes: fix ? [fix] : [],
    });
    return out;
  },
});
