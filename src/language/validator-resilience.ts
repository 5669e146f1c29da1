/**
 * The language's own checks of issue 16's forms: a scheduled job's properties, `read-from` on an
 * edge (only `primary`) and a `parallel` statement of one target. Called by validator.ts.
 */
import type { ValidationAcceptor } from 'langium';
import { DEFAULT_MONTH_SECONDS, READ_FROM } from '../core/model.js';
import type { Component, EdgeModifier, Property } from './generated/ast.js';
import { interpret, toRawValue } from './syntax.js';

/** A time property's value in ms, if it reads as one. */
function timeMs(p: Property, kind: Component['kind']): number | undefined {
  const v = interpret(p, kind as never, { monthSeconds: DEFAULT_MONTH_SECONDS }).value;
  return typeof v === 'number' ? v : undefined;
}

/**
 * A scheduled job's properties: `schedule`, `every` and `run` go together (one error, at the
 * property that lacks the others), `run` is at most `every`, and a job sends a `rate` (a rate on a
 * worker or service without `schedule` is an error; a schedule without a rate, a warning).
 */
export function checkSchedule(c: Component, byKey: Map<string, Property>, accept: ValidationAcceptor): void {
  const schedule = byKey.get('schedule');
  const every = byKey.get('every');
  const run = byKey.get('run');
  const rate = byKey.get('rate');
  if (!schedule && !every && !run && !rate) return;
  const example = '`schedule every 1 day run 20 min rate 200 rps`';
  const code = 'bad-schedule';
  if (!schedule || toRawValue(schedule.value) !== undefined) {
    // (`schedule no`: not scheduled.)
    const first = every && run ? (every.$containerIndex! < run.$containerIndex! ? every : run) : (every ?? run);
    if (first)
      accept('error', `'${first.key}' belongs to a scheduled job: write \`schedule\` before it, e.g. ${example}`, {
        node: first,
        property: 'key',
        code,
      });
    else if (rate)
      accept(
        'error',
        `a ${c.kind}'s 'rate' is what a scheduled job sends while it runs: add \`schedule every … run …\`, e.g. ${example}`,
        {
          node: rate,
          property: 'key',
          code,
        },
      );
    return;
  }
  if (!every && !run) {
    accept('error', `a scheduled job needs how often it starts and how long it runs, e.g. ${example}`, {
      node: schedule,
      property: 'key',
      code,
    });
  } else if (!every || !run) {
    const has = (every ?? run)!;
    // a value that is itself wrong (`every 1 dayrun 20 min`: its unit swallowed the next key) has
    // its own error there: the missing partner is most likely that swallowed key, not a second mistake
    if (timeMs(has, c.kind) === undefined) return;
    const lacks = every ? 'run' : 'every';
    accept(
      'error',
      `'${has.key}' needs '${lacks}' (${lacks === 'run' ? 'how long each run lasts' : 'how often the job starts'}), e.g. ${example}`,
      {
        node: has,
        property: 'key',
        code,
      },
    );
  } else {
    const e = timeMs(every, c.kind);
    const r = timeMs(run, c.kind);
    if (e !== undefined && r !== undefined && r > e)
      accept(
        'error',
        `run (${run.value?.$cstNode?.text}) is longer than every (${every.value?.$cstNode?.text}): a run must end before the next starts`,
        { node: run, property: 'value', code },
      );
  }
  if (!rate)
    accept(
      'warning',
      `scheduled job '${c.name}' sends no load: give what it sends while it runs, e.g. \`rate 200 rps\``,
      {
        node: schedule,
        property: 'key',
        code: 'missing-rate',
      },
    );
}

/** `read-from` on an edge: only `primary` (a store's other read placements are the store's own). */
export function checkEdgeReadFrom(p: Property, accept: ValidationAcceptor): void {
  const raw = toRawValue(p.value);
  if (raw?.type === 'word' && raw.word !== 'primary' && (READ_FROM as readonly string[]).includes(raw.word))
    accept(
      'error',
      `on an edge, read-from takes only 'primary' (this call reads from the leader); where the store's other reads go is its own \`read-from ${raw.word}\``,
      { node: p, property: 'value', code: 'bad-value' },
    );
}

/** `parallel` on a statement with one target: nothing runs alongside it. */
export function lonelyParallel(m: EdgeModifier, accept: ValidationAcceptor): void {
  accept('warning', `'parallel' needs two or more targets in the statement (\`app -> a, b parallel\`)`, {
    node: m,
    property: 'flag',
    code: 'lone-parallel',
  });
}
