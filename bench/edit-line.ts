/**
 * The bench's figure-changing edit: pick a component line near the middle of a generated .arch
 * file that declares a `capacity`, and rewrite that number (a different value each repetition),
 * which changes the component's utilisation and so its diagnostics and inlay hint.
 */

const CAPACITY = /\bcapacity (\d+(?:\.\d+)?)( k)? rps\b/;

/**
 * The 0-based line nearest to `around` (searching outwards) that holds a component with a
 * `capacity ... rps` figure and, when `accept` is given, that it accepts (e.g. one that receives
 * load, so that its utilisation hint changes). -1 when there is none.
 */
export function findCapacityLine(lines: readonly string[], around: number, accept?: (line: number) => boolean): number {
  const max = Math.max(around, lines.length - 1 - around);
  for (let d = 0; d <= max; d++) {
    for (const i of d === 0 ? [around] : [around - d, around + d]) {
      if (i < 0 || i >= lines.length) continue;
      const text = lines[i]!;
      if (CAPACITY.test(text) && /^\s*[a-z]+ [\w-]+ \{/.test(text) && (!accept || accept(i))) return i;
    }
  }
  return -1;
}

/** The component name declared on a line (`  service service-12 { ... }`), if any. */
export function componentNameOf(line: string): string | undefined {
  return /^\s*[a-z]+ ([\w-]+) \{/.exec(line)?.[1];
}

/** The line with its capacity set to `rps` (plain rps, no `k`). Throws when it has none. */
export function withCapacity(line: string, rps: number): string {
  if (!CAPACITY.test(line)) throw new Error(`no capacity on line: ${line}`);
  return line.replace(CAPACITY, `capacity ${rps} rps`);
}

/** The capacity of the i-th repetition: distinct for every i and from the generated values. */
export function capacityForRep(i: number): number {
  return 301 + 7 * i;
}
