/** A system's summary: reachability, the bottleneck law (maximum throughput), SLO verdicts, storage totals. */
import { sentRps } from './component.js';
import { figure, none } from './figure.js';
import { isScheduled } from './schedule.js';
import { reachableFrom, type Graph } from './graph.js';
import type { LoadResult } from './load.js';
import type { ComponentAnalysis, Figure, RequestAnalysis, SystemSummary } from './types.js';
import { Settings } from './result-context.js';
import * as words from '../wording.js';

export function summarize(
  g: Graph,
  name: string | null,
  clients: number[],
  components: ComponentAnalysis[],
  requests: RequestAnalysis[],
  basis: { load: LoadResult; util: Float64Array; rate: (i: number) => number },
  st: Settings,
  slo: { p95Ms?: number; availability?: number; errorRate?: number } | undefined,
  whole: boolean,
): SystemSummary {
  const label = name ?? 'the model';
  // components reached from these clients, and from the scheduled jobs of this summary
  // (schedule.ts), though their requests are outside the SLO
  const jobs: number[] = [];
  for (let i = 0; i < g.n; i++) if (isScheduled(g.comps[i]!) && (whole || g.comps[i]!.system === name)) jobs.push(i);
  const reach = reachableFrom(g, [...clients, ...jobs]);
  const members: number[] = [];
  for (let i = 0; i < g.n; i++) if (whole || reach[i] || g.comps[i]!.system === name) members.push(i);
  let rate = 0;
  let basisRate = 0;
  for (const c of clients) {
    rate += sentRps(g.comps[c]!);
    basisRate += basis.rate(c);
  }
  const clientRate = figure(
    rate,
    'rps',
    'Σ client rates',
    { clients: clients.length },
    () => `${clients.length} client(s) send ${words.rate(rate)}`,
  );

  // bottleneck law
  let worst = -1;
  let worstU = 0;
  for (const i of members) {
    if (!reach[i]) continue;
    const u = basis.util[i]!;
    if (Number.isNaN(u)) continue;
    if (u > worstU || (worst < 0 && u > 0)) {
      worst = i;
      worstU = u;
    }
  }
  let maxThroughput: Figure;
  let bottleneck: string | null = null;
  if (worst < 0 || !(worstU > 0)) {
    maxThroughput = none(
      'rps',
      clients.length === 0 ? `no clients in ${label}` : `no component with a capacity carries ${label}'s traffic`,
    );
  } else {
    bottleneck = g.comps[worst]!.id;
    const xmax = worstU === Infinity ? 0 : basisRate / worstU;
    const scale = rate > 0 ? 'at the current mix' : 'at 1 rps per client, scaled';
    maxThroughput = figure(
      xmax,
      'rps',
      'X_max = X / U_bottleneck (bottleneck law: min over components of capacity / demand)',
      { X: basisRate, U: worstU, bottleneck },
      `${bottleneck} is the bottleneck (${words.percent(worstU)} ${scale}): all clients together can send at most ${words.rate(basisRate)} / ${words.count(worstU)} = ${words.rate(xmax)}${rate > 0 ? ` (${words.count(xmax / rate)}× today)` : ''}`,
    );
  }

  // availability and latency over the clients' requests
  const clientSet = new Set(clients);
  // a scheduled job's requests are outside the request SLO: not in the worst p95 nor the SLO verdicts
  const mine = requests.filter((q) => {
    const i = g.index.get(q.client)!;
    return clientSet.has(i) && !isScheduled(g.comps[i]!);
  });
  let wsum = 0;
  let asum = 0;
  let conc = 0;
  let concKnown = true;
  for (const q of mine) {
    const w = q.rate.value ?? 0;
    if (q.availability.value !== null) {
      asum += w * q.availability.value;
      wsum += w;
    }
    if (q.concurrency.value === null) concKnown = false;
    else conc += q.concurrency.value;
  }
  const avail =
    wsum > 0
      ? asum / wsum
      : mine.length
        ? mine.reduce((x, q) => x + (q.availability.value ?? 0), 0) / mine.length
        : null;
  const availability =
    avail === null
      ? none('fraction', `no client requests in ${label}`)
      : figure(
          avail,
          'fraction',
          'Σ rate × request availability / Σ rate',
          { requests: mine.length },
          () =>
            `requests of ${label} succeed ${words.availability(avail)} of the time (rate-weighted over ${mine.length} client request class(es))`,
        );
  const concurrency = !concKnown
    ? none('requests', 'unbounded: a saturated component is on a call tree')
    : figure(
        conc,
        'requests',
        'N = Σ X × R',
        { N: conc },
        () => `${words.count(conc)} requests in flight over ${label}'s clients (Little's law)`,
      );
  // The worst p95 reads every request's p95 (a mixture over its whole call tree, solved on first
  // read): computed when first read.
  let verdict: { figure: Figure; meets: boolean | null } | undefined;
  const latencyVerdict = () => (verdict ??= worstLatency(mine, label, slo));
  const meetsAvailabilitySlo = slo?.availability === undefined || avail === null ? null : avail >= slo.availability;
  const saturated = members.filter((i) => components[i]!.saturated).map((i) => g.comps[i]!.id);

  // storage: every member's storage figures, summed when first read (no rule reads them)
  const storageTotals = () => {
    let growth = 0;
    let atH = 0;
    let firstFull: { component: string; months: number } | null = null;
    let known = 0;
    for (const i of members) {
      const s = components[i]!.storage;
      if (!s) continue;
      if (s.growthPerMonth.value !== null) {
        growth += s.growthPerMonth.value;
        known++;
      }
      if (s.atHorizon.value !== null) atH += s.atHorizon.value;
      const m = s.monthsUntilFull.value;
      if (m !== null && (!firstFull || m < firstFull.months)) firstFull = { component: g.comps[i]!.id, months: m };
    }
    const storage = {
      growthPerMonth: figure(
        growth,
        'bytes/month',
        'Σ stores w × b × month',
        { stores: known },
        () => `${words.bytes(growth)} per month over ${known} store(s) with a known size per write`,
      ),
      atHorizon: figure(
        atH,
        'bytes',
        'Σ stores w × b × horizon',
        { horizonMs: st.horizonMs },
        () => `${words.bytes(atH)} written over ${words.duration(st.horizonMs)}`,
      ),
      horizonMs: st.horizonMs,
      firstFull,
    };
    return storage;
  };
  const out: SystemSummary = {
    name,
    clientRate,
    maxThroughput,
    bottleneck,
    availability,
    concurrency,
    worstP95: clientRate, // replaced below by a property computed on first read, in this place
    meetsLatencySlo: null,
    meetsAvailabilitySlo,
    errorRate: clientRate, // replaced below by a property computed on first read, in this place
    meetsErrorRateSlo: null,
    saturated,
    storage: undefined as unknown as SystemSummary['storage'], // replaced below, in this place
  };
  lazy(out, 'storage', storageTotals);
  lazy(out, 'worstP95', () => latencyVerdict().figure);
  lazy(out, 'meetsLatencySlo', () => latencyVerdict().meets);
  let errors: { figure: Figure; meets: boolean | null } | undefined;
  const errorVerdict = () => (errors ??= systemErrorRate(mine, label, slo?.errorRate));
  lazy(out, 'errorRate', () => errorVerdict().figure);
  lazy(out, 'meetsErrorRateSlo', () => errorVerdict().meets);
  return out;
}

/** The worst p95 over a system's client requests, and whether it meets the SLO's p95. */
function worstLatency(
  mine: readonly RequestAnalysis[],
  label: string,
  slo: { p95Ms?: number } | undefined,
): { figure: Figure; meets: boolean | null } {
  let worstP95: number | null = 0;
  let worstWhat = '';
  for (const q of mine) {
    const p = q.latency.p95.value;
    if (p === null) {
      if (worstP95 !== null) worstWhat = `${q.client} ${q.traffic}`;
      worstP95 = null;
    } else if (worstP95 !== null && p >= worstP95) {
      worstP95 = p;
      worstWhat = `${q.client} ${q.traffic}`;
    }
  }
  const worst = worstP95;
  const figureOut =
    mine.length === 0
      ? none('ms', `no client requests in ${label}`)
      : worst === null
        ? none('ms', `unbounded: ${worstWhat} meets a saturated component`)
        : figure(
            worst,
            'ms',
            'max over client request classes of p95',
            { p95: worst, which: worstWhat },
            () => `worst p95: ${words.duration(worst)} (${worstWhat})`,
          );
  const meets = slo?.p95Ms === undefined || mine.length === 0 ? null : worst !== null && worst <= slo.p95Ms;
  return { figure: figureOut, meets };
}

/**
 * A system's error rate: Σ rate × request error rate / Σ rate over its clients' request classes
 * (figures-errors.ts), and whether it meets the SLO's error rate (null without one).
 */
function systemErrorRate(
  mine: readonly RequestAnalysis[],
  label: string,
  target: number | undefined,
): { figure: Figure; meets: boolean | null } {
  let wsum = 0;
  let esum = 0;
  let worst: RequestAnalysis | null = null;
  for (const q of mine) {
    const e = q.errorRate.value;
    if (e === null) continue;
    const w = q.rate.value ?? 0;
    esum += w * e;
    wsum += w;
    if (!worst || e > (worst.errorRate.value ?? 0)) worst = q;
  }
  if (!worst) return { figure: none('fraction', `no client requests in ${label}`), meets: null };
  const err = wsum > 0 ? esum / wsum : (worst.errorRate.value ?? 0);
  const figureOut = figure(
    err,
    'fraction',
    'Σ rate × request error rate / Σ rate',
    { requests: mine.length, target: target ?? null },
    () =>
      `${words.percent(err, 3)} of ${words.possessive(label)} requests fail (rate-weighted over ${mine.length} client request class(es); worst: ${words.possessive(worst.client)} ${worst.traffic}, ${words.percent(worst.errorRate.value ?? 0, 3)})${target !== undefined ? `; SLO error rate ${words.percent(target, 3)}` : ''}`,
  );
  return { figure: figureOut, meets: target === undefined ? null : err <= target };
}

/** Makes out[key] computed on first read (then a plain value), in its place among the keys. */
function lazy<T extends object, K extends keyof T>(out: T, key: K, make: () => T[K]): void {
  const settle = (v: T[K]) => {
    Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    return v;
  };
  Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => settle(make()), set: settle });
}
