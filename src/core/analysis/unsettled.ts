/**
 * What a language error leaves unsure. `Model.unsettled` names the components a broken statement,
 * an unknown kind, a property left out or an unresolved name touches; their figures may be wrong,
 * and so may those of every component their figures flow into: load flows down the edges (to
 * what they call), latency and availability up (to what calls them). A finding that involves any
 * such component may be caused by the error alone, so the rules report only the others while the
 * text has errors (see ARCHITECTURE.md, "Broken text").
 */
import type { Model, SourceLocation } from '../model.js';

const closures = new WeakMap<Model, ReadonlySet<string>>();

/**
 * The unsettled components and every component that reaches one or is reached from one (made once
 * per model: the runner and the insight both ask).
 */
export function unsettledComponents(model: Model): ReadonlySet<string> {
  let out = closures.get(model);
  if (!out) closures.set(model, (out = closure(model)));
  return out;
}

function closure(model: Model): ReadonlySet<string> {
  const seeds = model.unsettled;
  if (!seeds || seeds.length === 0) return new Set();
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    (down.get(from) ?? down.set(from, []).get(from)!).push(to);
    (up.get(to) ?? up.set(to, []).get(to)!).push(from);
  };
  for (const e of model.edges) link(e.from, e.to);
  // Sessions and files kept in a store reach it as an edge would.
  for (const c of model.components) {
    if (c.sessions?.kind === 'store') link(c.id, c.sessions.store);
    if (c.files?.kind === 'store') link(c.id, c.files.store);
  }
  const out = new Set<string>(seeds);
  const walk = (next: Map<string, string[]>) => {
    const seen = new Set<string>(seeds);
    const stack = [...seeds];
    while (stack.length > 0) {
      for (const n of next.get(stack.pop()!) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        out.add(n);
        stack.push(n);
      }
    }
  };
  walk(down);
  walk(up);
  return out;
}

/**
 * The findings that involve no unsettled component (all of them when nothing is unsettled). A
 * finding about the whole system (no component), or of a rule that weighs the whole model at once
 * (one without a per-component check), may rest on anything, so it waits too.
 */
export function settledFindings<F extends { rule: string; components: readonly string[] }>(
  findings: F[],
  model: Model,
  wholeModelRules: ReadonlySet<string>,
): F[] {
  if (!model.unsettled || model.unsettled.length === 0) return findings;
  const unsure = unsettledComponents(model);
  return findings.filter(
    (f) => f.components.length > 0 && !wholeModelRules.has(f.rule) && !f.components.some((c) => unsure.has(c)),
  );
}

/** The last model without unsettled components, with the findings the rules gave it. */
export interface LastGood<F> {
  model: Model;
  findings: readonly F[];
}

/**
 * The last good findings that involve an unsure component (or come from a whole-model rule),
 * carried into a broken text, each where `move` puts it now (left out where it says `undefined`:
 * its document is gone).
 */
export function carriedFindings<F extends { rule: string; components: readonly string[]; location: SourceLocation }>(
  good: LastGood<F>,
  unsure: ReadonlySet<string>,
  wholeModelRules: ReadonlySet<string>,
  move: (location: SourceLocation) => SourceLocation | undefined,
): F[] {
  const out: F[] = [];
  for (const f of good.findings) {
    if (f.components.length > 0 && !wholeModelRules.has(f.rule) && !f.components.some((c) => unsure.has(c))) continue;
    const location = move(f.location);
    if (location) out.push(location === f.location ? f : { ...f, location });
  }
  return out;
}
