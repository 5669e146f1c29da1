/**
 * What the preview shows when the pointer rests on a node: a component's figures and findings,
 * as plain strings (the webview puts them in the page as text, never as HTML).
 */
import type { Analysis } from '../analysis/types.js';
import type { Model } from '../model.js';
import { figuresOn, isShown } from '../figures/catalogue.js';
import { show, showConsistency } from '../figures/show.js';
import type { Finding, Severity } from '../rules/types.js';
import { KIND_LABEL } from './shapes.js';

export interface NodeDetails {
  name: string;
  kind: string;
  system: string;
  description?: string;
  /** [what, value] rows, e.g. ['utilisation', '48 %']. */
  rows: [string, string][];
  findings: { rule: string; severity: Severity; message: string }[];
  bottleneck: boolean;
}

/** At most this many findings per node in a tooltip. */
const MAX_FINDINGS = 6;

/** Details of the given components (all when `ids` is omitted). */
export function nodeDetails(
  model: Model,
  analysis: Analysis,
  findings: readonly Finding[],
  ids?: readonly string[],
): Record<string, NodeDetails> {
  const wanted = ids ? new Set(ids) : undefined;
  const byComponent = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = f.components[0];
    if (id === undefined || (wanted && !wanted.has(id))) continue;
    (byComponent.get(id) ?? byComponent.set(id, []).get(id)!).push(f);
  }
  const out: Record<string, NodeDetails> = {};
  for (const c of model.components) {
    if (wanted && !wanted.has(c.id)) continue;
    const i = analysis.componentIndex[c.id];
    const a = i === undefined ? undefined : analysis.components[i];
    const rows: [string, string][] = [];
    if (a) {
      for (const f of figuresOn('tooltip')) {
        if (!isShown(f, a)) continue;
        rows.push([f.key === 'load' && c.kind === 'client' ? 'sends' : f.label, show(f.get(a))]);
      }
      if (a.consistency) rows.push(['reads here', `${showConsistency(a.consistency)} (${a.consistency.cap})`]);
    }
    const list = byComponent.get(c.id) ?? [];
    out[c.id] = {
      name: c.name,
      kind: KIND_LABEL[c.kind],
      system: c.system,
      ...(c.description ? { description: c.description } : {}),
      rows,
      findings: list.slice(0, MAX_FINDINGS).map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
      bottleneck: analysis.system.bottleneck === c.id,
    };
  }
  return out;
}
