/**
 * cap-contradiction: a replicated store asked for both consistency and availability in a way the
 * CAP theorem forbids (in practice a distributed store can only really be CP or AP, not CA).
 *
 * - AP store, strong reads required: the store answers from local replicas (async or semi-sync
 *   replicas read from the replicas, a quorum with R + W <= N, an eventually consistent engine),
 *   yet a read path into it says `requires strong`.
 * - CP store, availability required: the store refuses rather than answer during a partition or
 *   node failure (synchronous replicas: a write waits for every node; a strict quorum; a consensus
 *   engine), so with its nodes' availability it cannot meet the availability SLO of the systems
 *   whose requests wait on it, although the same nodes answering as AP could.
 *
 * Caches, CDNs, search refresh intervals and change data capture are not CAP choices of a store:
 * strong requirements they break are consistency-requirement's.
 */
import { atLeast, redundant } from '../analysis/index.js';
import { writeAvailability } from '../analysis/store-availability.js';
import type { Component } from '../model.js';
import { availability, count, list, plural } from '../wording.js';
import { edgeInto, requiringEdge } from './helpers/figures.js';
import { capDesign, type CapDesign } from './helpers/phrases.js';
import { at, requirementLocation, sloLocation } from './helpers/where.js';
import { capContradictionOwns } from './overlaps.js';
import type { Fix, RawFinding, RelatedInfo, Rule, RuleContext } from './types.js';

const CA = 'in practice a store can only really have CP or AP, not CA';

function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The replication mode written where the user wrote it (`replicas 2 sync` or `replication sync`). */
function modeFix(c: Component, mode: 'sync' | 'async'): Fix['operations'] {
  if (c.propertyLocations.replication || !c.propertyLocations.replicas)
    return [{ op: 'set-property', target: { component: c.id }, key: 'replication', value: mode }];
  return [{ op: 'set-property', target: { component: c.id }, key: 'replicas', value: `${c.replicas ?? 1} ${mode}` }];
}

/** Fixes that make an AP store serve strong reads (choose C). */
function chooseC(c: Component, d: CapDesign): Fix[] {
  switch (d.reason) {
    case 'async-replicas':
      return [
        {
          title: `Choose CP: read-from primary on ${c.id}`,
          operations: [{ op: 'set-property', target: { component: c.id }, key: 'read-from', value: 'primary' }],
          preferred: true,
        },
        { title: `Choose CP: replicate ${c.id} synchronously`, operations: modeFix(c, 'sync') },
      ];
    case 'quorum': {
      const q = c.quorum!;
      const r = Math.min(q.n, q.n - q.w + 1);
      return [
        {
          title: `Choose CP: quorum n ${q.n} r ${r} w ${q.w} (R + W > N)`,
          operations: [
            { op: 'set-property', target: { component: c.id }, key: 'quorum', value: `n ${q.n} r ${r} w ${q.w}` },
          ],
          preferred: true,
        },
      ];
    }
    case 'engine': {
      const n = Math.max(3, (c.replicas ?? 0) + 1);
      const k = majority(n);
      return [
        {
          title: `Choose CP: quorum reads and writes (n ${n} r ${k} w ${k})`,
          operations: [
            { op: 'set-property', target: { component: c.id }, key: 'quorum', value: `n ${n} r ${k} w ${k}` },
          ],
          preferred: true,
        },
      ];
    }
    default:
      return [];
  }
}

interface CpAvailability {
  op: 'reads' | 'writes';
  cp: number;
  ap: number;
  apHow: string;
  fix?: Fix;
}

/**
 * Availability of each operation of a CP store, and what the same nodes would give as AP: writes
 * by the analysis's own computation (`writeAvailability`, as the store's figures and the paths
 * through it have them).
 */
function cpAvailability(c: Component, d: CapDesign, a: number): CpAvailability[] {
  if (d.reason === 'quorum') {
    const { n, r } = c.quorum!;
    const ap = redundant(a, n);
    const fix: Fix = {
      title: `Choose AP: quorum n ${n} r 1 w 1 (eventual reads)`,
      operations: [{ op: 'set-property', target: { component: c.id }, key: 'quorum', value: `n ${n} r 1 w 1` }],
    };
    return [
      {
        op: 'reads',
        cp: atLeast(Math.min(r, n), n, a),
        ap,
        apHow: `R = W = 1: any one of the ${count(n)} nodes answers`,
        fix,
      },
      {
        op: 'writes',
        cp: writeAvailability(a, { replicas: 0, replication: 'async', quorum: c.quorum! }),
        ap,
        apHow: `R = W = 1: any one of the ${count(n)} nodes answers`,
        fix,
      },
    ];
  }
  // synchronous replicas make every write wait for all nodes, whether reads go to them or not
  if (d.reason === 'sync-replicas' || (d.reason === 'primary' && d.mode === 'sync')) {
    const replicas = d.replicas;
    return [
      {
        op: 'writes',
        cp: writeAvailability(a, { replicas, replication: 'sync', quorum: null }),
        ap: writeAvailability(a, { replicas, replication: 'async', quorum: null }),
        apHow: 'with async replicas a write needs only the primary',
        fix: { title: `Choose AP: replicate ${c.id} asynchronously`, operations: modeFix(c, 'async') },
      },
    ];
  }
  if (d.reason === 'engine') {
    const k = majority(d.nodes);
    const ap = redundant(a, d.nodes);
    return [
      { op: 'reads', cp: atLeast(k, d.nodes, a), ap, apHow: `answering from any of its ${plural(d.nodes, 'node')}` },
      { op: 'writes', cp: atLeast(k, d.nodes, a), ap, apHow: `answering from any of its ${plural(d.nodes, 'node')}` },
    ];
  }
  return [];
}

/**
 * When the system's requests as a whole meet the SLO (the analysis's verdict, rate-weighted over
 * reads and writes) while this operation alone does not: say so, so the two do not read as a
 * contradiction.
 */
function onAverage(ctx: RuleContext, t: { a: number; sys: string }): string {
  const all = ctx.analysis.systems.find((s) => s.name === t.sys)?.availability.value;
  return all !== null && all !== undefined && all >= t.a
    ? `; ${t.sys}'s requests as a whole reach ${availability(all)}, meeting the SLO only on average`
    : '';
}

export const capContradiction: Rule = {
  id: 'cap-contradiction',
  defaultSeverity: 'error',
  description:
    'A replicated store is asked for both consistency and availability: strong reads from an AP store, or an availability SLO a CP store cannot give.',
  concept: 'CAP theorem: networks partition, so a distributed store is in practice CP or AP, never CA',
  check(ctx) {
    const out: RawFinding[] = [];

    // Strong reads required from each store (requiring edges by store).
    const strongBy = new Map<string, Map<string, ReturnType<typeof requiringEdge>>>();
    for (const p of ctx.analysis.paths) {
      const pc = p.consistency;
      if (p.traffic !== 'reads' || !pc || pc.requirement !== 'strong') continue;
      const edge = requiringEdge(ctx, p);
      if (!edge) continue;
      for (const h of pc.servingHops) {
        // a call that reads from the leader (`read-from primary` on the edge) gets strong reads from it
        if (pc.satisfied && edgeInto(ctx, p, h)?.readFrom === 'primary') continue;
        const m = strongBy.get(h) ?? strongBy.set(h, new Map()).get(h)!;
        m.set(edge.id, edge);
      }
    }

    // AP store, strong reads required.
    for (const [id, edges] of strongBy) {
      if (!capContradictionOwns(ctx, id)) continue;
      const c = ctx.component(id)!;
      const d = capDesign(c)!;
      const es = [...edges.values()].filter((e) => !!e);
      const names = es.map((e) => `${e!.from} -> ${e!.to}`);
      out.push({
        message:
          `${id} is AP — ${d.text} — yet ${list(names)} require${es.length === 1 ? 's' : ''} strong reads: ${id} is asked for both consistency and availability, and ${CA}. ` +
          `Choose CP (reads wait for, or are refused without, the latest write) or accept eventual reads`,
        location: at(c, d.key),
        components: [id, ...new Set(es.map((e) => e!.from))],
        related: es.map((e) => ({
          location: requirementLocation(e!),
          message: `${e!.from} -> ${e!.to} requires strong reads`,
        })),
        fixes: chooseC(c, d),
      });
    }

    // CP store, availability SLO it cannot meet during a partition.
    const sloByStore = new Map<
      string,
      { reads: { a: number; sys: string } | null; writes: { a: number; sys: string } | null }
    >();
    for (const p of ctx.analysis.paths) {
      const client = ctx.component(p.from);
      const sys = client && ctx.model.systems.find((s) => s.name === client.system);
      const target = sys?.slo?.availability;
      if (target === undefined) continue;
      for (const h of p.hops) {
        const entry = sloByStore.get(h) ?? sloByStore.set(h, { reads: null, writes: null }).get(h)!;
        const cur = entry[p.traffic];
        if (!cur || target > cur.a) entry[p.traffic] = { a: target, sys: sys!.name };
      }
    }
    for (const [id, need] of sloByStore) {
      const c = ctx.component(id);
      if (!c || c.availability === undefined) continue;
      const d = capDesign(c);
      if (!d || d.cap !== 'CP' || (d.reason === 'primary' && d.mode !== 'sync')) continue;
      if (ctx.figures(id)?.consistency?.cap !== 'CP') continue;
      const a = c.availability;
      const hits = cpAvailability(c, d, a).filter((x) => {
        const t = need[x.op];
        return t !== null && x.cp < t.a && x.ap >= t.a;
      });
      if (hits.length === 0) continue;
      const strong = [...(strongBy.get(id)?.values() ?? [])].filter((e) => !!e);
      const first = hits[0]!;
      const t = need[first.op]!;
      const sys = ctx.model.systems.find((s) => s.name === t.sys);
      const ops = hits.map((h) => `${h.op} ${availability(h.cp)}`).join(', ');
      let message =
        `${id} is CP — ${d.text} — so during a partition or node failure it refuses rather than answer: with ${availability(a)} per node its ${ops} fall short of the ${availability(t.a)} availability SLO of ${t.sys}, ` +
        `which the same nodes would meet as AP (${availability(first.ap)}, ${first.apHow})${onAverage(ctx, t)}; ${CA}`;
      const fixes: Fix[] = [];
      if (strong.length)
        message += `, and ${list(strong.map((e) => `${e!.from} -> ${e!.to}`))} require${strong.length === 1 ? 's' : ''} strong reads: lower the SLO or drop the strong requirement`;
      else {
        message += `: choose AP or lower the SLO`;
        const fix = hits.find((h) => h.fix)?.fix;
        if (fix && hits.every((h) => h.fix === undefined || h.fix.title === fix.title))
          fixes.push({ ...fix, preferred: true });
      }
      const rel: RelatedInfo[] = [];
      if (sys?.slo)
        rel.push({ location: sloLocation(sys.slo, 'availability'), message: `availability SLO ${availability(t.a)}` });
      for (const e of strong)
        rel.push({ location: requirementLocation(e!), message: `${e!.from} -> ${e!.to} requires strong reads` });
      out.push({ message, location: at(c, d.key), components: [id], related: rel, fixes });
    }
    return out;
  },
};
