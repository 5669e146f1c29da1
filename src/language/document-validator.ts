/**
 * Gives every syntax and linking diagnostic a code (`syntax`, `unresolved-reference`) and
 * turns Langium's linking message into one that says what is missing and what is near.
 */
import {
  Cancellation,
  DefaultDocumentValidator,
  interruptAndCheck,
  isOperationCancelled,
  type AstNode,
  type AstReflection,
  type DiagnosticInfo,
  type IndexManager,
  type LangiumDocument,
  type LangiumDocuments,
  type ParseResult,
  CstUtils,
  type ValidationAcceptor,
  type ValidationOptions,
} from 'langium';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import { suggest } from '../core/units.js';
import type { ArchscaleServices } from './archscale-module.js';
import { isComponent, isEdge, isDocument, isScenario, isSetStep, type Property } from './generated/ast.js';
import { brokenNames, lostImport, recoveredErrorCode } from './recovery/index.js';
import { ArchscaleValidator, FINDING_INFOS, validationChecks } from './validator.js';

const MAX_SUGGESTIONS = 50;
/** The code of a diagnostic about to be left out. */
const DROPPED = '(dropped)';

const CHECK_EVERY = 500;
type Check = (node: never, accept: ValidationAcceptor) => void;

export class ArchscaleDocumentValidator extends DefaultDocumentValidator {
  private readonly index: IndexManager;
  private readonly checks: ReturnType<typeof validationChecks>;
  private readonly reflection: AstReflection;
  private readonly documents: LangiumDocuments;
  /** Members whose own checks (a component's) and properties' checks reported nothing (see validateAstNodes). */
  private readonly clean = new WeakSet<AstNode>();

  constructor(services: ArchscaleServices) {
    super(services);
    this.index = services.shared.workspace.IndexManager;
    this.checks = validationChecks(new ArchscaleValidator(services));
    this.reflection = services.shared.AstReflection;
    this.documents = services.shared.workspace.LangiumDocuments;
  }

  /**
   * Runs archscale's checks in a direct pre-order walk (document, each system, its members, their
   * properties: the nodes and order of Langium's `streamAst`); checks registered in Langium's
   * validation registry, for any node type, still run through the default walk. An exception in a check becomes an
   * error on its node, as in Langium.
   */
  protected override async validateAstNodes(
    rootNode: AstNode,
    options: ValidationOptions,
    acceptor: ValidationAcceptor,
    cancelToken = Cancellation.CancellationToken.None,
  ): Promise<void> {
    if (['AstNode', ...this.reflection.getAllTypes()].some((t) => !this.validationRegistry.getChecks(t).isEmpty())) {
      await super.validateAstNodes(rootNode, options, acceptor, cancelToken);
    }
    if ((options.categories && !options.categories.includes('fast')) || !isDocument(rootNode)) return;
    let visited = 0;
    const run = (node: AstNode, checks: Check[], accept: ValidationAcceptor = acceptor) => {
      for (const check of checks) {
        try {
          check(node as never, accept);
        } catch (err) {
          if (isOperationCancelled(err)) throw err;
          console.error('An error occurred during validation:', err);
          accept('error', `An error occurred during validation: ${err instanceof Error ? err.message : String(err)}`, {
            node,
          });
        }
      }
    };
    await interruptAndCheck(cancelToken);
    run(rootNode, this.checks.Document);
    let reported = 0;
    const counting: ValidationAcceptor = (severity, message, info) => {
      reported++;
      acceptor(severity, message, info as never);
    };
    for (const system of rootNode.systems ?? []) {
      run(system, this.checks.System);
      for (const m of system.members ?? []) {
        if (++visited % CHECK_EVERY === 0) await interruptAndCheck(cancelToken);
        // A component's checks and its properties' read only its own subtree, which an
        // incremental re-parse keeps as the same objects: one found clean stays clean.
        // (An edge's own check reads what its references point to: it always runs.)
        if (isEdge(m)) run(m, this.checks.Edge);
        else if (isScenario(m)) {
          // A scenario's checks read the components it names: they always run.
          run(m, this.checks.Scenario);
          for (const step of m.steps ?? []) if (isSetStep(step)) run(step.property, this.checks.Property);
          continue;
        }
        if (this.clean.has(m)) continue;
        const before = reported;
        if (isComponent(m)) run(m, this.checks.Component, counting);
        for (const p of (m as { properties?: Property[] }).properties ?? []) run(p, this.checks.Property, counting);
        if (reported === before) this.clean.add(m);
      }
    }
  }

  /** Diagnostics of findings, by the description checkFindings gives (one per finding: FINDING_INFOS). */
  private readonly findingDiagnostics = new WeakMap<DiagnosticInfo<AstNode>, Diagnostic>();

  /**
   * A finding's diagnostic is made once and given again while the rules keep the finding (after
   * an edit elsewhere): at 10,000 findings that is most of the diagnostics, and of the garbage,
   * of an edit.
   */
  protected override toDiagnostic<N extends AstNode>(
    severity: 'error' | 'warning' | 'info' | 'hint',
    message: string,
    info: DiagnosticInfo<N, string>,
  ): Diagnostic {
    if (!FINDING_INFOS.has(info as DiagnosticInfo<AstNode>)) return super.toDiagnostic(severity, message, info);
    let d = this.findingDiagnostics.get(info as DiagnosticInfo<AstNode>);
    if (!d)
      this.findingDiagnostics.set(info as DiagnosticInfo<AstNode>, (d = super.toDiagnostic(severity, message, info)));
    return d;
  }

  /** Errors of statements recovery left out come with their own codes (`unknown-property`, `syntax`). */
  protected override processParsingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    options: ValidationOptions,
  ): void {
    const first = parseResult.parserErrors[0];
    if (first === undefined || recoveredErrorCode(first) === undefined) {
      super.processParsingErrors(parseResult, diagnostics, options);
      return;
    }
    for (const e of parseResult.parserErrors) {
      const code = recoveredErrorCode(e) ?? 'syntax';
      diagnostics.push({
        severity: DiagnosticSeverity.Error,
        range: CstUtils.tokenToRange(e.token),
        message: e.message,
        code,
        data: { code },
        source: this.getSource(),
      });
    }
  }

  /** Diagnostics say they come from archscale (not the language id). */
  protected override getSource(): string {
    return 'archscale';
  }

  override async validateDocument(
    document: LangiumDocument,
    options?: ValidationOptions,
    cancelToken?: CancellationToken,
  ): Promise<Diagnostic[]> {
    const diagnostics = await super.validateDocument(document, options, cancelToken);
    let suggested = 0;
    let names: string[] | undefined;
    // A name whose declaration or edge recovery left out (here or in another file) is explained by
    // that statement's error; while an import cannot be found, so is any name it would bring.
    const broken = new Set<string>();
    for (const d of this.documents.all) for (const name of brokenNames(d.parseResult.value)) broken.add(name);
    const importBroken =
      lostImport(document.parseResult.value) ||
      diagnostics.some((d) => d.code === 'unresolved-import' || (d.code === 'bad-import' && d.severity === 1));
    let dropped = false;
    const unknown = new Map<string, number>();
    const first = new Map<string, Diagnostic>();
    for (const d of diagnostics) {
      const data = d.data as { code?: string; refText?: string } | undefined;
      if (d.code !== undefined || !data?.code) continue;
      if (data.code === 'lexing-error' || data.code === 'parsing-error') {
        d.code = 'syntax';
        if (typeof d.message === 'string') d.message = friendlySyntaxMessage(d.message);
      } else if (data.code === 'linking-error') {
        d.code = 'unresolved-reference';
        const ref = data.refText ?? '';
        // One error per unknown name: a misspelt declaration is one mistake however often it is used.
        if (broken.has(ref) || unknown.has(ref) || importBroken) {
          d.code = DROPPED;
          dropped = true;
          unknown.set(ref, (unknown.get(ref) ?? 1) + (broken.has(ref) ? 0 : 1));
          continue;
        }
        unknown.set(ref, 1);
        first.set(ref, d);
        let hint = '';
        if (suggested++ < MAX_SUGGESTIONS) {
          names ??= this.index
            .allElements('Component')
            .map((e) => e.name)
            .toArray();
          const near = suggest(ref, names);
          if (near) hint = `; did you mean '${near}'?`;
        }
        d.message = `unknown component '${ref}'${hint} (declare it in this file or import the file that declares it)`;
      }
    }
    if (!dropped) return diagnostics;
    for (const [ref, d] of first) {
      const uses = unknown.get(ref) ?? 1;
      if (uses > 1) d.message += ` (used ${uses} times)`;
    }
    return diagnostics.filter((d) => d.code !== DROPPED);
  }
}

/** Chevrotain's messages name token types; say it in the language's words. */
export function friendlySyntaxMessage(message: string): string {
  return message
    .replace(
      /Expecting token of type '([^']+)' but found `([^`]*)`\.?/,
      (_, t: string, f: string) => `expected ${tokenText(t)} but found ${f === '' ? 'the end of the file' : `'${f}'`}`,
    )
    .replace(
      /Expecting: one of these possible Token sequences:[\s\S]*?but found: '([^']*)'/,
      (_, f: string) => `unexpected '${f}'`,
    )
    .replace(
      /Expecting: expecting at least one iteration[\s\S]*?but found: '([^']*)'/,
      (_, f: string) => `unexpected '${f}'`,
    )
    .replace(
      /^unexpected character: ->(.)<- at offset: \d+, skipped \d+ characters\.?/,
      (_, c: string) => `unexpected character '${c}'`,
    );
}

function tokenText(t: string): string {
  if (t === 'ID') return 'a name';
  if (t === 'NUMBER') return 'a number';
  if (t === 'STRING') return 'a quoted string';
  if (t === 'EOF') return 'the end of the file';
  return `'${t}'`;
}
