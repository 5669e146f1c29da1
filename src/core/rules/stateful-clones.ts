/**
 * stateful-clones: a pool of clones (more than one instance, or autoscaling beyond one) that
 * keeps user sessions or files on the instance, or is declared `stateful`. Requests from the
 * same user may reach different clones (clones must store no user data locally; keep sessions in
 * a central store such as Redis).
 *
 * A pool behind balancers that all pin users to a clone (`algorithm sticky` or `ip-hash`) may
 * keep sessions locally (a clone's failure or a scale-in still logs its users out, which is
 * the trade-off sticky sessions make); local files are flagged even then, since other users and
 * later clones need them too.
 */
import { pinsUsers } from '../analysis/consistency.js';
import { isBroker, KINDS } from '../kinds.js';
import type { Component } from '../model.js';
import { takesProperty } from '../properties.js';
import { count, list, plural } from '../wording.js';
import { freshName, visibleFrom } from './helpers/fix-values.js';
import { instanceCount } from './helpers/sizing.js';
import { at } from './helpers/where.js';
import type { Fix, FixOperation, RawFinding, RelatedInfo, Rule, RuleContext } from './types.js';

function clones(c: Component): string {
  const { count: n, max } = instanceCount(c);
  if (max !== undefined && max > n)
    return n > 1
      ? `${plural(n, 'clone')} (autoscaling up to ${count(max)})`
      : `${plural(n, 'clone')} autoscaling up to ${count(max)}`;
  return plural(n, 'clone');
}

/** Ids of stores, best first, that could hold `c`'s sessions (`cache`, engine redis). */
function storeCandidates(ctx: RuleContext, c: Component, kind: 'sessions' | 'files'): string[] {
  const visible = visibleFrom(ctx, c.location.uri);
  const usedFor = new Set<string>();
  for (const o of ctx.model.components) {
    const p = o[kind];
    if (p?.kind === 'store') usedFor.add(p.store);
  }
  const callees = new Set(ctx.outEdges(c.id).map((e) => e.to));
  const fits = (o: Component) =>
    kind === 'sessions' ? o.kind === 'cache' && o.engine === 'redis' : o.kind === 'storage';
  const rank = (o: Component) =>
    (usedFor.has(o.id) ? 0 : 8) +
    (o.name.includes(kind === 'sessions' ? 'session' : 'file') ? 0 : 4) +
    (callees.has(o.id) ? 0 : 2) +
    (o.system === c.system ? 0 : 1);
  return ctx.model.components
    .filter((o) => o.id !== c.id && visible.has(o.id) && fits(o))
    .map((o, i) => ({ o, r: rank(o) * 1e6 + i }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.o.id);
}

/** Operations that drop a declared `stateful` (or `stateless no`) flag. */
function dropStatefulFlag(c: Component): FixOperation[] {
  if (c.stateful !== true) return [];
  return (['stateful', 'stateless'] as const)
    .filter((k) => c.propertyLocations[k])
    .map((key) => ({ op: 'remove-property', target: { component: c.id }, key }) as FixOperation);
}

function placementFix(ctx: RuleContext, c: Component, kind: 'sessions' | 'files', dropFlag: boolean): Fix {
  const target = { component: c.id };
  const drop = dropFlag ? dropStatefulFlag(c) : [];
  const what = kind === 'sessions' ? 'sessions' : 'files';
  const existing = storeCandidates(ctx, c, kind)[0];
  if (existing) {
    return {
      title: `keep the ${what} of ${c.name} in ${existing} (${kind} in ${existing})${drop.length ? ' and drop `stateful`' : ''}`,
      operations: [{ op: 'set-property', target, key: kind, value: `in ${existing}` }, ...drop],
      preferred: true,
    };
  }
  const name = freshName(ctx, kind === 'sessions' ? 'session-store' : 'user-files');
  const text = kind === 'sessions' ? `cache ${name} { engine redis ttl 30 min }` : `storage ${name} { engine s3 }`;
  return {
    title: `keep the ${what} of ${c.name} in a new ${kind === 'sessions' ? 'Redis cache' : 'object store'} '${name}' (${kind} in ${name})${drop.length ? ' and drop `stateful`' : ''}`,
    // The component goes in first: edits at the same place apply in order.
    operations: [
      { op: 'add-component', system: c.system, after: c.id, text },
      { op: 'set-property', target, key: kind, value: `in ${name}` },
      ...drop,
    ],
    preferred: true,
  };
}

export const statefulClones: Rule = {
  id: 'stateful-clones',
  defaultSeverity: 'warning',
  description: "A pool of clones keeps sessions or files locally: a user's next request may reach another clone.",
  concept: 'Clones: stateless servers, sessions in a central store',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const c of ctx.model.components) {
      if (!KINDS[c.kind].runsCode) continue;
      const { count, max } = instanceCount(c);
      if (count <= 1 && (max ?? 0) <= 1) continue;
      if (c.sessions?.kind !== 'local' && c.files?.kind !== 'local' && c.stateful !== true) continue;

      const balancers = ctx
        .inEdges(c.id)
        .map((e) => ctx.component(e.from))
        .filter((x): x is Component => x?.kind === 'loadbalancer');
      const unique = [...new Map(balancers.map((b) => [b.id, b])).values()];
      const pinned = unique.length > 0 && unique.every(pinsUsers);
      const brokerComponents = [
        ...new Map(ctx.inEdges(c.id).map((e) => [e.from, ctx.component(e.from)])).values(),
      ].filter((x): x is Component => !!x && isBroker(x.kind));
      const brokers = brokerComponents.map((b) => b.name);
      const behind = unique.length
        ? ` behind ${list(unique.map((b) => `${b.algorithm ? b.algorithm : 'round-robin (default)'} balancer ${b.name}`))}`
        : brokers.length
          ? ` consuming ${list(brokers)}`
          : '';
      const next = unique.length || !brokers.length ? "a user's next request" : "a user's next message";
      const related: RelatedInfo[] = unique.length
        ? unique.map((b) => ({
            location: at(b, 'algorithm'),
            message: `${b.name} ${b.algorithm ? `uses ${b.algorithm}` : 'uses round-robin (no algorithm given)'}: any clone may get the request`,
          }))
        : brokerComponents.map((b) => ({
            location: b.nameLocation,
            message: `${b.name} hands each message to whichever clone is free`,
          }));
      const components = [c.id, ...unique.map((b) => b.id)];

      const sessionsLocal = c.sessions?.kind === 'local';
      const filesLocal = c.files?.kind === 'local';
      if (sessionsLocal && !pinned) {
        out.push({
          message: `${c.name} keeps sessions locally on ${clones(c)}${behind}: ${next} may land on another clone and lose the session; keep sessions in a shared store (e.g. Redis)`,
          location: at(c, 'sessions'),
          related,
          components,
          fixes: [placementFix(ctx, c, 'sessions', true)],
        });
      }
      if (filesLocal) {
        out.push({
          message: `${c.name} keeps files on local disk on ${clones(c)}${behind}: a file stored through one clone is missing on the others (and lost with that clone); keep files in a shared object store`,
          location: at(c, 'files'),
          related,
          components,
          fixes: [placementFix(ctx, c, 'files', true)],
        });
      }
      if (c.stateful === true && !sessionsLocal && !filesLocal && !pinned) {
        out.push({
          message: `${c.name} is stateful on ${clones(c)}${behind}: ${next} may land on another clone and miss the state kept on the first; move the state to a shared store (e.g. Redis)`,
          location: at(c, 'stateful', 'stateless'),
          related,
          components,
          fixes: [placementFix(ctx, c, takesProperty(c.kind, 'sessions') ? 'sessions' : 'files', true)],
        });
      }
    }
    return out;
  },
};
