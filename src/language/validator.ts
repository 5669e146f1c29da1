/**
 * Checks of the written model: properties (allowed on the owner, value shape, units, ranges),
 * duplicates, imports and edges. Scalability rules live elsewhere (they read the plain model
 * and the analysis); these are the language's own errors.
 */
import { AstUtils, type AstNode, type DiagnosticInfo, type ValidationAcceptor } from 'langium';
import type { Finding } from '../core/rules/types.js';
import { CONSISTENCY_REQUIREMENTS, DEFAULT_MONTH_SECONDS, isComponentKind } from '../core/model.js';
import { recoveredWithin } from './recovery/index.js';
import { unknownKindMessage } from './recovery/messages.js';
import { interpretProperty, type PropertyPart } from '../core/property-values.js';
import { suggest, unitDimension } from '../core/units.js';
import type { ArchscaleServices } from './archscale-module.js';
import {
  isComponent,
  isQuantity,
  isQuorumValue,
  isRange,
  isScenario,
  isSettings,
  isSlo,
  type Component,
  type Document,
  type Edge,
  type Property,
  type System,
} from './generated/ast.js';
import { checkScenario } from './scenario-validator.js';
import { checkEdgeReadFrom, checkSchedule, lonelyParallel } from './validator-resilience.js';
import { resolveImport } from './scope.js';
import { interpret, ownerOf, toRawValue } from './syntax.js';

/**
 * The checks, by node type. `ArchscaleDocumentValidator` runs them in a direct walk of the tree
 * (`validateAstNodes`, same nodes and order as Langium's `streamAst`), not through Langium's
 * validation registry, whose per-node dispatch (a stream and two promises per check per node)
 * cost more than the checks on big files. Anything else registered in the registry still runs.
 */
export function validationChecks(validator: ArchscaleValidator): {
  [K in 'Document' | 'System' | 'Component' | 'Edge' | 'Property' | 'Scenario']: ((
    node: never,
    accept: ValidationAcceptor,
  ) => void)[];
} {
  return {
    Document: [validator.checkDocument.bind(validator), validator.checkFindings.bind(validator)],
    System: [validator.checkSystem.bind(validator)],
    Component: [validator.checkComponent.bind(validator)],
    Edge: [validator.checkEdge.bind(validator)],
    Property: [validator.checkProperty.bind(validator)],
    Scenario: [checkScenario],
  };
}

type Target = { node: AstNode; property?: string };

/** What checkFindings tells the acceptor about a finding, made once per finding (see ArchscaleDocumentValidator.toDiagnostic). */
const FINDING_INFO = new WeakMap<Finding, DiagnosticInfo<AstNode>>();
/** The descriptions in FINDING_INFO. */
export const FINDING_INFOS = new WeakSet<DiagnosticInfo<AstNode>>();

/** Edge flags that cannot go together (the second is reported). */
const FLAG_CONFLICTS: readonly (readonly [string, string])[] = [
  ['async', 'sync'],
  ['reads', 'writes'],
  ['all', 'reads'],
  ['all', 'writes'],
];
/** Kinds a cdc edge may start from. */
const CDC_SOURCES: ReadonlySet<string> = new Set(['database', 'stream', 'queue', 'search', 'storage', 'cache']);

/** Whether recovery left one of the component's properties out (its error explains what is missing). */
function lostToBrokenProperty(c: Component): boolean {
  const cst = c.$cstNode;
  return cst !== undefined && recoveredWithin(AstUtils.getDocument(c).parseResult.value, cst.offset, cst.end);
}

/**
 * Whether the property before `p` in its block ends in an unknown unit (`lag 100 msread-from
 * replicas`: a word run together with the next property's key): `p` is then most likely that
 * property's value, and the unit's error explains it.
 */
function afterRunTogether(p: Property): boolean {
  const i = p.$containerIndex;
  if (i === undefined || i === 0) return false;
  const list = (p.$container as { properties?: Property[] }).properties;
  const prev = list?.[i - 1]?.value;
  const unit = prev && isQuantity(prev) ? prev.unit : undefined;
  return unit !== undefined && !unit.per && unit.over === undefined && unitDimension(unit) === undefined;
}

export class ArchscaleValidator {
  constructor(private readonly services: ArchscaleServices) {}

  checkProperty(p: Property, accept: ValidationAcceptor): void {
    const owner = ownerOf(p);
    if (!owner || !p.key || afterRunTogether(p)) return;
    const problems = interpret(p, owner, { monthSeconds: DEFAULT_MONTH_SECONDS }).problems;
    for (const problem of problems) {
      const t = this.target(p, problem.part);
      accept(problem.severity, problem.message, { node: t.node, property: t.property as never, code: problem.code });
    }
  }

  private target(p: Property, part: PropertyPart): Target {
    const v = p.value;
    switch (part) {
      case 'key':
        return { node: p, property: 'key' };
      case 'qualifier':
        return { node: p, property: 'qualifier' };
      case 'number':
        if (isQuantity(v)) return v.negative ? { node: v } : { node: v, property: 'value' };
        return { node: p, property: 'value' };
      case 'unit':
        return isQuantity(v) ? { node: v, property: v.unit ? 'unit' : 'value' } : { node: p, property: 'value' };
      case 'scale':
        return isQuantity(v) ? { node: v, property: 'scale' } : { node: p, property: 'value' };
      case 'min':
      case 'max':
        return isRange(v) ? { node: v, property: part } : { node: p, property: 'value' };
      case 'n':
      case 'r':
      case 'w':
        return isQuorumValue(v) ? { node: v, property: part } : { node: p, property: 'value' };
      default:
        return v ? { node: p, property: 'value' } : { node: p, property: 'key' };
    }
  }

  /** Reports a key written twice in one block. */
  private checkDuplicateKeys(properties: Property[], accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const p of properties) {
      if (!p.key) continue;
      if (seen.has(p.key) && !afterRunTogether(p))
        accept('error', `'${p.key}' is set more than once in this block`, {
          node: p,
          property: 'key',
          code: 'duplicate-property',
        });
      seen.add(p.key);
    }
  }

  checkComponent(c: Component, accept: ValidationAcceptor): void {
    if (!isComponentKind(c.kind)) {
      // One error, at the kind: its properties cannot be checked against a kind that is not one.
      accept('error', unknownKindMessage(c.kind), { node: c, property: 'kind', code: 'unknown-kind' });
      return;
    }
    this.checkDuplicateKeys(c.properties, accept);
    const byKey = new Map(c.properties.map((p) => [p.key, p]));
    // A rate lost to a broken property is that property's error.
    if (c.kind === 'client' && !byKey.has('rate') && !lostToBrokenProperty(c)) {
      accept('error', `client '${c.name}' needs a request rate, e.g. \`rate 100 rps\``, {
        node: c,
        property: 'name',
        code: 'missing-rate',
      });
    }
    if (byKey.has('reads') && byKey.has('writes')) {
      const rd = interpretProperty('reads', 'client', toRawValue(byKey.get('reads')!.value), undefined, {
        monthSeconds: DEFAULT_MONTH_SECONDS,
      }).value;
      const wr = interpretProperty('writes', 'client', toRawValue(byKey.get('writes')!.value), undefined, {
        monthSeconds: DEFAULT_MONTH_SECONDS,
      }).value;
      if (typeof rd === 'number' && typeof wr === 'number' && Math.abs(rd + wr - 1) > 1e-9) {
        accept(
          'error',
          `reads and writes must add up to 100 % (they add up to ${Number(((rd + wr) * 100).toFixed(4))} %); give only one of them`,
          {
            node: byKey.get('writes')!,
            property: 'value',
            code: 'bad-mix',
          },
        );
      }
    }
    const stateless = byKey.get('stateless');
    const stateful = byKey.get('stateful');
    if (stateless && stateful) {
      accept('error', `a component cannot be both stateless and stateful`, {
        node: stateful,
        property: 'key',
        code: 'contradiction',
      });
    }
    if (stateless) {
      for (const key of ['sessions', 'files'] as const) {
        const p = byKey.get(key);
        const raw = toRawValue(p?.value);
        if (p && raw?.type === 'word' && raw.word === 'local') {
          accept('error', `'${c.name}' is declared stateless but keeps ${key} locally`, {
            node: p,
            property: 'value',
            code: 'contradiction',
          });
        }
      }
    }
    if (c.kind !== 'client') checkSchedule(c, byKey, accept);
    const instances = byKey.get('instances');
    const autoscale = byKey.get('autoscale');
    if (instances && autoscale) {
      const ctx = { monthSeconds: DEFAULT_MONTH_SECONDS };
      const n = interpretProperty('instances', c.kind, toRawValue(instances.value), undefined, ctx).value;
      const range = interpretProperty('autoscale', c.kind, toRawValue(autoscale.value), undefined, ctx).value;
      if (
        typeof n === 'number' &&
        range &&
        typeof range === 'object' &&
        'min' in range &&
        (n < range.min || n > range.max)
      ) {
        accept('error', `instances (${n}) lies outside autoscale ${range.min}..${range.max}`, {
          node: instances,
          property: 'value',
          code: 'contradiction',
        });
      }
    }
  }

  checkEdge(e: Edge, accept: ValidationAcceptor): void {
    if (e.properties.length > 1) this.checkDuplicateKeys(e.properties, accept);
    // (Written without closures or temporary lists: this runs for every edge on every change.)
    let flags: Map<string, number> | undefined;
    let requirements = 0;
    const modifiers = e.modifiers;
    for (let i = 0; i < modifiers.length; i++) {
      const m = modifiers[i]!;
      if (m.flag) {
        flags ??= new Map();
        if (flags.has(m.flag))
          accept('warning', `'${m.flag}' is written twice`, { node: m, property: 'flag', code: 'duplicate-property' });
        flags.set(m.flag, i);
      }
      if (m.requirement !== undefined) {
        requirements++;
        if (!(CONSISTENCY_REQUIREMENTS as readonly string[]).includes(m.requirement)) {
          const near = suggest(m.requirement, CONSISTENCY_REQUIREMENTS);
          accept(
            'error',
            `unknown consistency requirement '${m.requirement}'${near ? `; did you mean '${near}'?` : ''} (expected one of: ${CONSISTENCY_REQUIREMENTS.join(', ')})`,
            {
              node: m,
              property: 'requirement',
              code: 'bad-value',
            },
          );
        }
      }
    }
    if (flags) {
      for (const [a, b] of FLAG_CONFLICTS) {
        if (flags.has(a) && flags.has(b)) {
          accept('error', `an edge cannot be both '${a}' and '${b}'`, {
            node: e.modifiers[flags.get(b)!]!,
            property: 'flag',
            code: 'contradiction',
          });
        }
      }
    }
    for (const p of e.properties) {
      if (p.key === 'requires') requirements++;
      else if (p.key === 'read-from') checkEdgeReadFrom(p, accept);
    }
    if (flags?.has('parallel') && e.targets.length < 2) lonelyParallel(e.modifiers[flags.get('parallel')!]!, accept);
    if (requirements > 1) {
      accept('error', `the consistency requirement is given more than once`, { node: e, code: 'duplicate-property' });
    }
    const source = e.source?.ref;
    if (source) {
      const targets = e.targets;
      for (let i = 0; i < targets.length; i++) {
        if (targets[i]!.ref === source) {
          accept('warning', `'${source.name}' calls itself: the analysis ignores self-edges`, {
            node: e,
            property: 'targets',
            index: i,
            code: 'self-edge',
          });
        }
      }
    }
    if (flags?.has('cdc') && source && !CDC_SOURCES.has(source.kind)) {
      accept(
        'error',
        `cdc (change data capture) needs a data store as its source; '${source.name}' is a ${source.kind}`,
        {
          node: e,
          property: 'source',
          code: 'bad-cdc',
        },
      );
    }
  }

  checkSystem(s: System, accept: ValidationAcceptor): void {
    const slos = s.members.filter(isSlo);
    const settings = s.members.filter(isSettings);
    for (const extra of slos.slice(1))
      accept('error', `system '${s.name}' has more than one slo block`, { node: extra, code: 'duplicate-block' });
    for (const extra of settings.slice(1))
      accept('error', `system '${s.name}' has more than one settings block`, { node: extra, code: 'duplicate-block' });
    for (const b of [...slos, ...settings]) this.checkDuplicateKeys(b.properties, accept);
    const scenarios = new Set<string>();
    for (const m of s.members) {
      if (!isScenario(m) || !m.name) continue;
      if (scenarios.has(m.name))
        accept('error', `scenario '${m.name}' is declared twice in system '${s.name}'`, {
          node: m,
          property: 'name',
          code: 'duplicate-name',
        });
      scenarios.add(m.name);
    }
  }

  /** Reports the scalability rules' findings located in this document. */
  checkFindings(doc: Document, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(doc);
    for (const f of this.services.insight.InsightService.findingsIn(document.uri.toString())) {
      // One description per finding (the rules keep the findings of unchanged components from
      // one edit to the next, and the document validator its diagnostic: FINDING_INFO).
      let info = FINDING_INFO.get(f);
      if (!info) {
        info = {
          node: doc,
          range: f.location.range,
          code: f.rule,
          // A finding's related places are LSP's related information already ({ location: { uri, range }, message }).
          relatedInformation: f.related,
          data: { rule: f.rule, fixes: f.fixes },
        };
        FINDING_INFO.set(f, info);
        FINDING_INFOS.add(info);
      }
      accept(f.severity, f.message, info);
    }
  }

  checkDocument(doc: Document, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(doc);
    const langiumDocuments = this.services.shared.workspace.LangiumDocuments;
    const index = this.services.shared.workspace.IndexManager;
    const self = document.uri.toString();

    // Imports: must exist, not be the file itself, not be repeated.
    const imported = new Set<string>();
    for (const imp of doc.imports) {
      if (!imp.path) continue;
      const path = imp.path;
      if (!path.endsWith('.arch')) {
        accept('error', `imports name .arch files ('${path}')`, { node: imp, property: 'path', code: 'bad-import' });
        continue;
      }
      const uri = resolveImport(document.uri, path).toString();
      if (uri === self) {
        accept('error', `a file cannot import itself`, { node: imp, property: 'path', code: 'bad-import' });
        continue;
      }
      if (imported.has(uri)) {
        accept('warning', `'${path}' is imported twice`, { node: imp, property: 'path', code: 'bad-import' });
      } else if (!langiumDocuments.hasDocument(resolveImport(document.uri, path))) {
        accept('error', `cannot find '${path}' (resolved to ${decodeURIComponent(uri)})`, {
          node: imp,
          property: 'path',
          code: 'unresolved-import',
        });
      }
      imported.add(uri);
    }

    // Names: unique among the file's systems and components, and against what it imports.
    const systems = new Map<string, System>();
    const components = new Map<string, Component>();
    for (const s of doc.systems) {
      if (s.name) {
        if (systems.has(s.name))
          accept('error', `system '${s.name}' is declared twice in this file`, {
            node: s,
            property: 'name',
            code: 'duplicate-name',
          });
        else systems.set(s.name, s);
      }
      for (const m of s.members) {
        if (!isComponent(m) || !m.name) continue;
        const prev = components.get(m.name);
        if (prev) {
          const line = (prev.$cstNode?.range.start.line ?? 0) + 1;
          accept('error', `'${m.name}' is already declared (line ${line}): component names must be unique`, {
            node: m,
            property: 'name',
            code: 'duplicate-name',
          });
        } else components.set(m.name, m);
      }
    }
    if (imported.size > 0 && components.size > 0) {
      for (const d of index.allElements('Component', imported)) {
        const local = components.get(d.name);
        if (local) {
          const file = d.documentUri.path.split('/').pop();
          accept('error', `'${d.name}' is also declared in the imported file ${file}`, {
            node: local,
            property: 'name',
            code: 'duplicate-name',
          });
        }
      }
    }
  }
}
