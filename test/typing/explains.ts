/**
 * Which rule findings of a typed-over file are explained, and which the typo's error caused.
 *
 * A finding of a variant (the file after a typo) is explained when
 * - the clean file explains it: the clean file has a finding of the same rule on the same
 *   subject (the component it is about). Not by line (deleting a line moves every later one) and
 *   not by message (a dropped property changes the numbers a message quotes);
 * - or the broken statement explains it: it is located on a line the typo touched, or its subject
 *   is a name written on the typo's line, before or after the typo;
 * - or the variant is a model of its own: it has no language error (deleting a digit or an edge
 *   line leaves a valid model whose findings are its own), or, for a prefix of the file, the
 *   prefix with its open blocks closed (`reference`) has the same finding (components whose edges
 *   are not typed yet are unreachable).
 *
 * "Changed" findings, for the report, compare rule + subject + message as multisets.
 *
 * The language errors a typo causes (typoErrors) are the variant's, less, for a prefix, those its
 * closed blocks still have: references to components declared further down, not typed yet.
 */
import type { Outcome, TypingError, TypingFinding } from './checker.js';
import type { Typo } from './typos.js';

const NAME = /[_a-zA-Z][\w]*(?:-[_a-zA-Z0-9]\w*)*/g;

/** The names (identifier tokens) written on a line. */
export function namesOn(line: string): Set<string> {
  return new Set(line.match(NAME) ?? []);
}

function ruleSubject(f: TypingFinding): string {
  return `${f.rule}\u0000${f.subject}`;
}

function identity(f: TypingFinding): string {
  return `${f.rule}\u0000${f.subject}\u0000${f.message}`;
}

export interface Explanation {
  /** Findings of the variant that nothing explains. */
  unexplained: TypingFinding[];
  /** Findings that appeared or vanished against the clean file (rule + subject + message). */
  changed: number;
  /** Of those, the clean file's findings the variant no longer has. */
  vanished: number;
}

/**
 * Sorts a variant's findings against the clean file's and the typo (see the module's comment).
 * `file` is the file the typo was made in; `reference` the outcome of the closed prefix (typed
 * typos only).
 */
export function explain(
  clean: Outcome,
  variant: Outcome,
  typo: Pick<Typo, 'linesAfter' | 'before' | 'after'>,
  file: string,
  reference?: Outcome,
): Explanation {
  const cleanKeys = new Set(clean.findings.map(ruleSubject));
  const names = new Set([...namesOn(typo.before), ...namesOn(typo.after)]);
  const lines = new Set(typo.linesAfter);
  // a model of its own: no language error, or only a scenario's fail step away from the typo that
  // the edited component no longer allows (`fail db replica 1` after `replicas 4` was deleted): the
  // edit was a valid change whose consequences are real findings
  const valid = variant.errors.every((e) => e.code === 'bad-fail' && !(e.file === file && lines.has(e.line)));
  const referenceKeys = reference ? new Set(reference.findings.map(identity)) : undefined;
  const unexplained = valid
    ? []
    : variant.findings.filter(
        (f) =>
          !cleanKeys.has(ruleSubject(f)) &&
          !(f.file === file && lines.has(f.line)) &&
          !names.has(f.subject) &&
          !referenceKeys?.has(identity(f)),
      );
  const { appeared, vanished } = changedFindings(clean.findings, variant.findings);
  return { unexplained, changed: appeared + vanished, vanished };
}

/** How many findings appeared and vanished (multiset differences, by rule + subject + message). */
export function changedFindings(
  before: readonly TypingFinding[],
  after: readonly TypingFinding[],
): { appeared: number; vanished: number } {
  const counts = new Map<string, number>();
  for (const f of before) counts.set(identity(f), (counts.get(identity(f)) ?? 0) + 1);
  for (const f of after) counts.set(identity(f), (counts.get(identity(f)) ?? 0) - 1);
  let appeared = 0;
  let vanished = 0;
  for (const c of counts.values()) {
    if (c > 0) vanished += c;
    else appeared -= c;
  }
  return { appeared, vanished };
}

/** How many findings appeared or vanished. */
export function changedCount(before: readonly TypingFinding[], after: readonly TypingFinding[]): number {
  const { appeared, vanished } = changedFindings(before, after);
  return appeared + vanished;
}

function errorKey(e: TypingError): string {
  return `${e.file}\u0000${e.line}\u0000${e.code}\u0000${e.message}`;
}

/** The language errors the typo caused: the variant's, less those of `reference` (a closed prefix). */
export function typoErrors(variant: Outcome, reference?: Outcome): TypingError[] {
  if (!reference) return variant.errors;
  const left = new Map<string, number>();
  for (const e of reference.errors) left.set(errorKey(e), (left.get(errorKey(e)) ?? 0) + 1);
  return variant.errors.filter((e) => {
    const n = left.get(errorKey(e)) ?? 0;
    if (n > 0) left.set(errorKey(e), n - 1);
    return n === 0;
  });
}

const UNKNOWN = /unknown component '([^']*)'/;

/**
 * How many errors, counting the unresolved references to one name as one: a renamed or deleted
 * declaration leaves every reference to it unresolved (one cause, as many errors as references).
 */
export function errorsByCause(errors: readonly TypingError[]): number {
  const names = new Set<string>();
  let n = 0;
  for (const e of errors) {
    const name = e.code === 'unresolved-reference' ? UNKNOWN.exec(e.message)?.[1] : undefined;
    if (name === undefined) n++;
    else if (!names.has(name)) {
      names.add(name);
      n++;
    }
  }
  return n;
}
