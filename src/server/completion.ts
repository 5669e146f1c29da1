/**
 * Completion: property keys allowed on the component being written (with their meaning and an
 * example), enum values after a key, units after a number, component names in edges (Langium's
 * scope-based default), and snippets for common shapes at system level.
 */
import type { LangiumDocument } from 'langium';
import { DefaultCompletionProvider, type CompletionContext } from 'langium/lsp';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import { COMPONENT_KINDS, CONSISTENCY_REQUIREMENTS } from '../core/model.js';
import { KINDS } from '../core/kinds.js';
import {
  PROPERTY_BY_KEY,
  REQUIREMENT_DOCS,
  RESILIENCE_MODIFIERS,
  SCENARIO_WORDS,
  propertiesFor,
  takesProperty,
  type Owner,
} from '../core/properties.js';
import { UNIT_WORDS } from '../core/units.js';
import { completionSpot, kindInText, type CompletionSpot } from '../language/completion-context.js';
import type { Document } from '../language/generated/ast.js';
import { resolveImport } from '../language/scope.js';
import type { ArchscaleLspServices } from './archscale-lsp-module.js';

/** An edge's modifiers, in the order offered, with what each means. */
const MODIFIERS: readonly { word: string; doc: string; example?: string }[] = [
  ...RESILIENCE_MODIFIERS,
  { word: 'async', doc: 'The caller does not wait (a message, an event).' },
  { word: 'sync', doc: 'The caller waits for the answer (the default).' },
  { word: 'reads', doc: "Only the source's reads travel this edge." },
  { word: 'writes', doc: "Only the source's writes travel this edge." },
  { word: 'all', doc: 'Reads and writes (the default).' },
  { word: 'cdc', doc: "Change data capture: the store's committed writes, streamed (async)." },
  {
    word: 'requires',
    doc: 'The consistency the caller needs from reads over this edge.',
    example: 'requires monotonic',
  },
];

const SNIPPETS: { label: string; detail: string; body: string }[] = [
  {
    label: 'cached read path',
    detail: 'a service reading through a cache in front of a database',
    body: 'service ${1:api} { instances ${2:4} capacity ${3:500} rps stateless }\ncache ${4:api-cache} { engine redis hit ${5:80} % ttl ${6:60} s pattern cache-aside caches objects }\ndatabase ${7:db} { capacity ${8:2000} rps replicas ${9:2} async lag ${10:100} ms }\n$1 -> $4 reads requires eventual\n$4 -> $7 reads\n$1 -> $7 writes',
  },
  {
    label: 'primary with replicas',
    detail: 'a database whose reads spread over async read replicas',
    body: 'database ${1:db} {\n  engine ${2:postgres}\n  capacity ${3:2000} rps\n  replicas ${4:3} async\n  lag ${5:100} ms\n  read-from replicas\n}',
  },
  {
    label: 'queue with a worker pool',
    detail: 'asynchronous work: a queue consumed by idempotent workers',
    body: 'queue ${1:jobs} { partitions ${2:4} delivery at-least-once retention ${3:7} days }\nworker ${4:workers} { instances ${2:4} capacity ${5:100} rps idempotent }\n${6:api} -> $1 async\n$1 -> $4',
  },
  {
    label: 'load-balanced stateless pool',
    detail: 'a load balancer in front of stateless clones',
    body: 'loadbalancer ${1:lb} { algorithm ${2|round-robin,least-connections|} }\nservice ${3:app} { autoscale ${4:2}..${5:10} capacity ${6:500} rps stateless sessions in ${7:session-store} }\ncache $7 { engine redis ttl 30 min }\n$1 -> $3',
  },
];

export class ArchscaleCompletionProvider extends DefaultCompletionProvider {
  constructor(private readonly archscale: ArchscaleLspServices) {
    super(archscale);
  }

  /** The components a reference in `document` may name (its own and its imports'), with their kinds. */
  private components(document: LangiumDocument): Map<string, Owner> {
    const uris = new Set([document.uri.toString()]);
    for (const imp of (document.parseResult.value as Document).imports ?? [])
      if (imp.path) uris.add(resolveImport(document.uri, imp.path).toString());
    const out = new Map<string, Owner>();
    for (const d of this.archscale.shared.workspace.IndexManager.allElements('Component', uris)) {
      const kind = (d.node as { kind?: string } | undefined)?.kind;
      if (!out.has(d.name) && kind && (COMPONENT_KINDS as readonly string[]).includes(kind))
        out.set(d.name, kind as Owner);
    }
    return out;
  }

  /** Items in a scenario (step words, component names, what of a component fails). */
  private stepItems(spot: CompletionSpot, components: () => Map<string, Owner>): CompletionItem[] | undefined {
    const names = () =>
      [...components()].map(([name, kind]) => ({
        label: name,
        kind: CompletionItemKind.Class,
        detail: kind,
        insertText: `${name} `,
        sortText: `b${name}`,
      }));
    const word = (w: (typeof SCENARIO_WORDS)[number]) => ({
      label: w.word,
      kind: CompletionItemKind.Keyword,
      detail: w.example,
      documentation: { kind: 'markdown' as const, value: `${w.doc}\n\n\`${w.example}\`` },
      insertText: `${w.word} `,
      sortText: `a${w.word}`,
    });
    switch (spot.where) {
      case 'step':
        return [...SCENARIO_WORDS.filter((w) => w.word !== 'scenario').map(word), ...names()];
      case 'fail':
        return [
          {
            label: 'zone',
            kind: CompletionItemKind.Keyword,
            detail: 'one zone of every zoned component',
            sortText: 'a',
          },
          ...names(),
        ];
      case 'fail-part': {
        const k = spot.owner;
        const parts: [string, string, boolean][] = [
          ['zone', 'one of its zones', !k || takesProperty(k, 'zones')],
          [
            'instances',
            'instances of its pool (`fail app 2` says the same)',
            !k || (k !== 'edge' && k !== 'slo' && k !== 'settings' && KINDS[k].pool),
          ],
          ['replica', 'read replicas', !k || takesProperty(k, 'replicas')],
          ['shard', 'shards (their keys fail)', !k || takesProperty(k, 'shards')],
        ];
        return parts
          .filter(([, , ok]) => ok)
          .map(([label, detail], i) => ({
            label,
            kind: CompletionItemKind.EnumMember,
            detail,
            insertText: label === 'zone' ? label : `${label} 1`,
            sortText: String(i),
          }));
      }
      case 'modifier':
        return MODIFIERS.map((m, i) => ({
          label: m.word,
          kind: CompletionItemKind.Keyword,
          detail: m.example ?? m.word,
          documentation: { kind: 'markdown' as const, value: m.example ? `${m.doc}\n\n\`${m.example}\`` : m.doc },
          insertText: `${m.word} `,
          sortText: String(i).padStart(2, '0'),
          command: m.word === 'requires' ? { title: 'suggest', command: 'editor.action.triggerSuggest' } : undefined,
        }));
      case 'requirement':
        return CONSISTENCY_REQUIREMENTS.map((r, i) => ({
          label: r,
          kind: CompletionItemKind.EnumMember,
          detail: `requires ${r}`,
          documentation: { kind: 'markdown' as const, value: REQUIREMENT_DOCS[r] },
          sortText: String(i),
        }));
      case 'load-unit':
        return [{ label: 'x', kind: CompletionItemKind.Unit, detail: "times every client's rate" }];
      case 'none':
        return [];
      default:
        return undefined;
    }
  }

  override async getCompletion(
    document: LangiumDocument,
    params: CompletionParams,
  ): Promise<CompletionList | undefined> {
    const text = document.textDocument.getText();
    const offset = document.textDocument.offsetAt(params.position);
    let known: Map<string, Owner> | undefined;
    const components = () => (known ??= this.components(document));
    const spot = completionSpot(text, offset, (name) => kindInText(text, name) ?? components().get(name));
    const items = this.stepItems(spot, components) ?? this.spotItems(spot, text);
    if (items) return { isIncomplete: false, items };
    const base = await super.getCompletion(document, params);
    if (spot.where === 'system' || spot.where === 'top') {
      const extra: CompletionItem[] = spot.where === 'system' ? [...this.systemItems(), this.scenarioItem()] : [];
      return { isIncomplete: base?.isIncomplete ?? false, items: [...(base?.items ?? []), ...extra] };
    }
    return base;
  }

  /** Keywords Langium would offer that only make sense inside blocks are left to spotItems. */
  protected override filterKeyword(context: CompletionContext, keyword: { value: string }): boolean {
    if (PROPERTY_BY_KEY.has(keyword.value) && !(COMPONENT_KINDS as readonly string[]).includes(keyword.value))
      return false;
    return super.filterKeyword(context, keyword as never);
  }

  private spotItems(spot: CompletionSpot, text: string): CompletionItem[] | undefined {
    switch (spot.where) {
      case 'key':
        return this.keyItems(spot.owner);
      case 'value': {
        const spec = PROPERTY_BY_KEY.get(spot.key);
        if (!spec || !spec.on.includes(spot.owner)) return this.keyItems(spot.owner);
        const shape = spec.value;
        if (shape.shape === 'word' && spot.key === 'region') return regionItems(text);
        if (shape.shape === 'word') {
          const words =
            spot.owner === 'cache' && spot.key === 'engine'
              ? ['redis', 'memcached', 'file', 'in-process']
              : spot.owner === 'edge' && spot.key === 'read-from'
                ? ['primary']
                : shape.words;
          return words.map((w, i) => ({
            label: w,
            kind: CompletionItemKind.EnumMember,
            detail: `${spot.key} ${w}`,
            sortText: String(i).padStart(3, '0'),
          }));
        }
        if (shape.shape === 'placement') {
          return [
            { label: 'local', kind: CompletionItemKind.EnumMember, detail: 'kept on the instance (stateful)' },
            { label: 'client', kind: CompletionItemKind.EnumMember, detail: 'signed cookie / token on the client' },
            { label: 'none', kind: CompletionItemKind.EnumMember, detail: 'no such state' },
            { label: 'in', kind: CompletionItemKind.Keyword, detail: 'in <store>: a shared store', insertText: 'in ' },
          ];
        }
        if (shape.shape === 'flag')
          return [
            ...this.keyItems(spot.owner),
            { label: 'no', kind: CompletionItemKind.EnumMember },
            { label: 'yes', kind: CompletionItemKind.EnumMember },
          ];
        if (shape.shape === 'quorum')
          return [
            {
              label: 'n 3 r 2 w 2',
              kind: CompletionItemKind.Snippet,
              insertText: 'n ${1:3} r ${2:2} w ${3:2}',
              insertTextFormat: InsertTextFormat.Snippet,
              detail: 'R + W > N gives strong reads',
            },
          ];
        return [];
      }
      case 'unit': {
        const spec = PROPERTY_BY_KEY.get(spot.key);
        if (!spec || (spec.value.shape !== 'quantity' && spec.value.shape !== 'range')) return [];
        const units = UNIT_WORDS[spec.value.dimension];
        const scales = spec.value.dimension === 'percent' ? [] : ['k', 'million', 'billion'];
        return [
          ...units.map((u, i) => ({
            label: u,
            kind: CompletionItemKind.Unit,
            detail: `${spot.key}: ${spec.value.shape === 'quantity' ? spec.value.dimension : ''}`,
            sortText: `a${String(i).padStart(3, '0')}`,
          })),
          ...scales.map((s) => ({ label: s, kind: CompletionItemKind.Unit, detail: 'scale', sortText: `b${s}` })),
        ];
      }
      default:
        return undefined;
    }
  }

  private keyItems(owner: Owner): CompletionItem[] {
    return propertiesFor(owner).map((s) => ({
      label: s.key,
      kind: CompletionItemKind.Property,
      detail: s.example,
      documentation: { kind: 'markdown', value: `${s.doc}\n\n\`${s.example}\`` },
      insertText: s.value.shape === 'flag' ? s.key : `${s.key} `,
      command: s.value.shape === 'flag' ? undefined : { title: 'suggest', command: 'editor.action.triggerSuggest' },
    }));
  }

  private scenarioItem(): CompletionItem {
    const w = SCENARIO_WORDS.find((x) => x.word === 'scenario')!;
    return {
      label: 'scenario block',
      kind: CompletionItemKind.Snippet,
      detail: 'what if: more load, a failure',
      documentation: { kind: 'markdown', value: `${w.doc}\n\n\`${w.example}\`` },
      insertText: 'scenario ${1:name} {\n  ${2:load ${3:2} x}\n}',
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: 'zscenario',
    };
  }

  private systemItems(): CompletionItem[] {
    return SNIPPETS.map((s) => ({
      label: s.label,
      kind: CompletionItemKind.Snippet,
      detail: s.detail,
      insertText: s.body,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `z${s.label}`,
    }));
  }
}

/** Common region names offered after the ones a file already uses (any name is valid). */
const EXAMPLE_REGIONS = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-southeast'];

/** `region` values: the regions written in this file (a call between two regions pays the latency), then examples. */
function regionItems(text: string): CompletionItem[] {
  const written = [...new Set([...text.matchAll(/(?:^|[\s{;])region[ \t]+([A-Za-z][\w-]*)/g)].map((m) => m[1]!))];
  const examples = EXAMPLE_REGIONS.filter((r) => !written.includes(r));
  return [
    ...written.map((r, i) => ({
      label: r,
      kind: CompletionItemKind.EnumMember,
      detail: 'a region in this file',
      sortText: `0${String(i).padStart(3, '0')}`,
    })),
    ...examples.map((r, i) => ({
      label: r,
      kind: CompletionItemKind.Value,
      detail: 'an example (any name)',
      sortText: `1${String(i).padStart(3, '0')}`,
    })),
  ];
}
