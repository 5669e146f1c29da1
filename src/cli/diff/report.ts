/**
 * `archscale diff` as text (for a terminal) and as Markdown (for a pull-request comment: a short
 * summary table first, the details folded in `<details>`). JSON is the ModelDiff itself.
 */
import * as words from '../../core/wording.js';
import type { Moved, ModelDiff, ProblemRef, PropertyChange, SystemDiff } from './compare.js';
import { isEmptyDiff } from './compare.js';

const arrow = (m: Moved) => (m.baseText === m.headText ? m.headText : `${m.baseText} → ${m.headText}`);
const change = (x: number | null) =>
  x === null || x === 0 ? '' : ` (${x > 0 ? '+' : '−'}${words.percent(Math.abs(x))})`;
const verdict = (v: boolean | null) => (v === null ? 'none' : v ? 'met' : 'missed');
const both = (a: string | null, b: string | null) => (a === b ? (b ?? '—') : `${a ?? '—'} → ${b ?? '—'}`);
const props = (cs: PropertyChange[]) =>
  cs
    .map((c) =>
      c.base === null
        ? `+${c.property} ${c.head}`
        : c.head === null
          ? `−${c.property} ${c.base}`
          : `${c.property} ${c.base} → ${c.head}`,
    )
    .join('; ');

function counts(d: ModelDiff): string {
  const part = (n: number, what: string) => (n ? `${n} ${what}` : '');
  const decl = (x: { added: unknown[]; removed: unknown[]; changed: unknown[] }, noun: string) => {
    const s = [part(x.added.length, 'added'), part(x.removed.length, 'removed'), part(x.changed.length, 'changed')]
      .filter(Boolean)
      .join(', ');
    return s ? `${noun}: ${s}` : '';
  };
  const newErrors = d.findings.added.filter((f) => f.severity === 'error').length;
  const findings =
    d.findings.added.length || d.findings.resolved.length
      ? `findings: ${d.findings.added.length} new${newErrors ? ` (${words.plural(newErrors, 'error')})` : ''}, ${d.findings.resolved.length} resolved`
      : '';
  return (
    [decl(d.components, 'components'), decl(d.edges, 'edges'), findings].filter(Boolean).join('; ') ||
    'no change to declarations or findings'
  );
}

function sloText(s: SystemDiff): string {
  const parts: string[] = [];
  if (s.latencySlo.base !== null || s.latencySlo.head !== null)
    parts.push(`latency ${both(verdict(s.latencySlo.base), verdict(s.latencySlo.head))}`);
  if (s.availabilitySlo.base !== null || s.availabilitySlo.head !== null)
    parts.push(`availability ${both(verdict(s.availabilitySlo.base), verdict(s.availabilitySlo.head))}`);
  return parts.join(', ') || '—';
}

const problem = (p: ProblemRef) => `${p.severity} ${p.code} ${p.file}:${p.line} ${p.message}`;

// ---------------------------------------------------------------------------------------------
// Text

export function diffText(d: ModelDiff): string {
  const out: string[] = [`archscale diff ${d.base.label} → ${d.head.label}`];
  if (isEmptyDiff(d)) return out.join('\n') + '\nno change\n';
  out.push(counts(d));
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', `${title}:`, ...lines.map((l) => `  ${l}`));
  };
  section(
    'systems',
    d.systems.map(
      (s) =>
        `${s.name}${s.status === 'both' ? '' : ` (${s.status})`}: max throughput ${arrow(s.maxThroughput)}${change(s.maxThroughputChange)}, bottleneck ${both(s.bottleneck.base, s.bottleneck.head)}, worst p95 ${arrow(s.worstP95)}, availability ${arrow(s.availability)}, SLO ${sloText(s)}, storage ${arrow(s.storageGrowth)}`,
    ),
  );
  section('components', [
    ...d.components.added.map((c) => `+ ${c.kind} ${c.id} (${c.system})`),
    ...d.components.removed.map((c) => `- ${c.kind} ${c.id} (${c.system})`),
    ...d.components.changed.map((c) => `~ ${c.kind} ${c.id}: ${props(c.changes)}`),
  ]);
  section('edges', [
    ...d.edges.added.map((e) => `+ ${e.from} -> ${e.to}`),
    ...d.edges.removed.map((e) => `- ${e.from} -> ${e.to}`),
    ...d.edges.changed.map((e) => `~ ${e.from} -> ${e.to}: ${props(e.changes)}`),
  ]);
  section(
    'requests',
    d.requests.map(
      (r) =>
        `${r.client} ${r.traffic}: p95 ${arrow(r.p95)}, p99 ${arrow(r.p99)}, availability ${arrow(r.availability)}`,
    ),
  );
  section(
    'utilisation',
    d.utilization.map(
      (u) =>
        `${u.component}: ${arrow(u.utilization)}${u.saturated.base !== u.saturated.head ? (u.saturated.head ? ' (now saturated)' : ' (no longer saturated)') : ''}`,
    ),
  );
  section(
    'consistency',
    d.consistency.map((c) => `${c.component}: ${both(c.base, c.head)}`),
  );
  section(
    'storage',
    d.storage.map((s) => `${s.component}: growth ${arrow(s.growthPerMonth)}, full in ${arrow(s.monthsUntilFull)}`),
  );
  section('findings', [
    ...d.findings.added.map((p) => `+ ${problem(p)}`),
    ...d.findings.resolved.map((p) => `- ${problem(p)}`),
  ]);
  if (d.failed.length)
    section(
      'failed',
      d.failed.map((g) => `${g.gate}: ${g.message}`),
    );
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');

/** Text from a model (names, messages) made inert in Markdown and HTML, and safe in a table cell. */
export function md(s: string): string {
  return html(s.replace(/([\\`*_[\]#!~])/g, '\\$1')).replace(/\r?\n/g, ' ');
}
/** A name in `<code>`: HTML-escaped only (Markdown does not apply inside). */
const code = (s: string) => `<code>${html(s).replace(/\r?\n/g, ' ')}</code>`;

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function details(title: string, body: string[]): string[] {
  if (!body.length) return [];
  return ['<details>', `<summary>${title}</summary>`, '', ...body, '', '</details>', ''];
}

export function diffMarkdown(d: ModelDiff): string {
  const out: string[] = [`### archscale diff: ${code(d.base.label)} → ${code(d.head.label)}`, ''];
  if (d.failed.length) {
    out.push(
      `**❌ ${words.plural(d.failed.length, 'check')} failed**`,
      '',
      ...d.failed.map((g) => `- ${md(g.message)}`),
      '',
    );
  }
  if (isEmptyDiff(d)) {
    out.push('No change to the model, its figures or its findings.', '');
    return out.join('\n');
  }
  if (d.systems.length)
    out.push(
      ...table(
        ['system', 'max throughput', 'bottleneck', 'worst p95', 'availability', 'SLO'],
        d.systems.map((s) => [
          `${code(s.name)}${s.status === 'both' ? '' : ` (${s.status})`}`,
          `${md(arrow(s.maxThroughput))}${md(change(s.maxThroughputChange))}`,
          md(both(s.bottleneck.base, s.bottleneck.head)),
          md(arrow(s.worstP95)),
          md(arrow(s.availability)),
          md(sloText(s)),
        ]),
      ),
      '',
    );
  out.push(md(counts(d)), '');

  const decl = [
    ...d.components.added.map((c) => `- ➕ ${md(c.kind)} ${code(c.id)} in ${code(c.system)}`),
    ...d.components.removed.map((c) => `- ➖ ${md(c.kind)} ${code(c.id)} in ${code(c.system)}`),
    ...d.components.changed.map((c) => `- ✏️ ${md(c.kind)} ${code(c.id)}: ${md(props(c.changes))}`),
    ...d.edges.added.map((e) => `- ➕ edge ${code(`${e.from} -> ${e.to}`)}`),
    ...d.edges.removed.map((e) => `- ➖ edge ${code(`${e.from} -> ${e.to}`)}`),
    ...d.edges.changed.map((e) => `- ✏️ edge ${code(`${e.from} -> ${e.to}`)}: ${md(props(e.changes))}`),
  ];
  const n = (x: { added: unknown[]; removed: unknown[]; changed: unknown[] }) =>
    x.added.length + x.removed.length + x.changed.length;
  out.push(...details(`Components and edges (${n(d.components) + n(d.edges)})`, decl));

  const figures: string[] = [];
  if (d.requests.length)
    figures.push(
      '**Requests**',
      '',
      ...table(
        ['client', 'p95', 'p99', 'availability'],
        d.requests.map((r) => [
          code(`${r.client} ${r.traffic}`),
          md(arrow(r.p95)),
          md(arrow(r.p99)),
          md(arrow(r.availability)),
        ]),
      ),
      '',
    );
  if (d.utilization.length)
    figures.push(
      '**Utilisation**',
      '',
      ...table(
        ['component', 'utilisation', 'saturated'],
        d.utilization.map((u) => [
          code(u.component),
          md(arrow(u.utilization)),
          both(u.saturated.base ? 'yes' : 'no', u.saturated.head ? 'yes' : 'no'),
        ]),
      ),
      '',
    );
  if (d.consistency.length)
    figures.push(
      '**Consistency**',
      '',
      ...table(
        ['component', 'reads'],
        d.consistency.map((c) => [code(c.component), md(both(c.base, c.head))]),
      ),
      '',
    );
  if (d.storage.length)
    figures.push(
      '**Storage**',
      '',
      ...table(
        ['component', 'growth', 'full in'],
        d.storage.map((s) => [code(s.component), md(arrow(s.growthPerMonth)), md(arrow(s.monthsUntilFull))]),
      ),
      '',
    );
  const moved = d.requests.length + d.utilization.length + d.consistency.length + d.storage.length;
  out.push(...details(`Figures that moved (${moved})`, figures.slice(0, -1)));

  const rows = (ps: ProblemRef[], sign: string) =>
    ps.map((p) => [sign, md(p.severity), code(p.code), code(`${p.file}:${p.line}`), md(p.message)]);
  const f = [...rows(d.findings.added, 'new'), ...rows(d.findings.resolved, 'resolved')];
  out.push(
    ...details(
      `Findings: ${d.findings.added.length} new, ${d.findings.resolved.length} resolved`,
      f.length ? table(['', 'severity', 'rule', 'where', 'message'], f) : [],
    ),
  );
  return out.join('\n');
}
