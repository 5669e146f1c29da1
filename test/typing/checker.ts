/**
 * Checks texts the way `archscale check` does (an ArchscaleWorkspace: add the files and what they
 * import, build: parse, link, validate, the model), but with one set of Langium services for
 * every variant: creating the services (the parser) costs far more than checking a small file.
 *
 * Each check deletes the previous check's documents through the document builder (which clears
 * the index and the workspace caches) and puts its files under the other of two folders
 * (`/typing/a/…`, `/typing/b/…`), so nothing of one variant reaches the next: a root that
 * differs from the last check's is new to the insight, which forgets the memo of the deleted
 * one and starts a new rule memo. (Two folders, not one per check: Langium's document trie keeps
 * a deleted document's folders, and would grow with every check.)
 * `test/unit/language/typing.test.ts` compares this with a fresh `loadTexts`.
 */
import type { Finding } from '../../src/core/rules/types.js';
import { RULE_IDS } from '../../src/core/rules/registry.js';
import { ArchscaleWorkspace, type FileDiagnostic } from '../../src/language/workspace.js';

/** A rule finding as the typing test compares it (paths are the caller's, not the check's). */
export interface TypingFinding {
  rule: string;
  /** The component the finding is about (the first of its components), or '' for none. */
  subject: string;
  components: string[];
  message: string;
  file: string;
  /** 0-based line of the finding. */
  line: number;
}

/** A language error (syntax, linking, validation; not a rule finding). */
export interface TypingError {
  file: string;
  /** 0-based line. */
  line: number;
  code: string;
  message: string;
}

export interface Outcome {
  errors: TypingError[];
  findings: TypingFinding[];
  /** An exception (the build or the model threw) or a validation check that threw. */
  crash?: string;
  ms: number;
}

const RULES = new Set(RULE_IDS);

/** The same as the CLI's severity filter: language errors are error diagnostics that no rule gives. */
export function isLanguageError(d: FileDiagnostic): boolean {
  return d.severity === 'error' && !RULES.has(d.code);
}

export class TypingChecker {
  private files = new Map<string, string>();
  private readonly ws = new ArchscaleWorkspace({
    exists: (p) => this.files.has(p),
    read: (p) => {
      const t = this.files.get(p);
      if (t === undefined) throw new Error(`no such file: ${p}`);
      return t;
    },
  });
  private n = 0;

  /**
   * Checks `files` (path -> text; paths absolute, e.g. `/samples/a.arch`) as `archscale check`
   * given them all (a folder): every file is loaded, imported or not (a file whose import line
   * is broken is still there, as in the editor's workspace).
   */
  async check(files: Record<string, string>): Promise<Outcome> {
    const start = performance.now();
    const { shared } = this.ws;
    const old = shared.workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
    if (old.length > 0) await shared.workspace.DocumentBuilder.update([], old);
    const prefix = this.n++ % 2 === 0 ? '/typing/a' : '/typing/b';
    this.files = new Map(Object.entries(files).map(([p, t]) => [prefix + p, t]));
    const back = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : file);
    const errors: TypingError[] = [];
    const findings: TypingFinding[] = [];
    let crash: string | undefined;
    try {
      this.ws.addFiles(Object.keys(files).map((p) => prefix + p));
      const result = await this.ws.build();
      for (const d of result.diagnostics) {
        if (d.message.startsWith('An error occurred')) crash ??= `${back(d.file)}:${d.line}: ${d.message}`;
        if (isLanguageError(d)) errors.push({ file: back(d.file), line: d.line - 1, code: d.code, message: d.message });
      }
      const insight = this.ws.services.insight.InsightService;
      for (const doc of result.documents) {
        const file = back(doc.uri.fsPath);
        for (const f of insight.findingsIn(doc.uri.toString())) findings.push(toTypingFinding(f, file));
      }
    } catch (e) {
      crash = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    return { errors, findings, ...(crash !== undefined ? { crash } : {}), ms: performance.now() - start };
  }
}

function toTypingFinding(f: Finding, file: string): TypingFinding {
  return {
    rule: f.rule,
    subject: f.components[0] ?? '',
    components: f.components,
    message: f.message,
    file,
    line: f.location.range.start.line,
  };
}
