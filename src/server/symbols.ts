/**
 * Rename that refuses names that would clash or not parse, and semantic highlighting:
 * systems as namespaces, component declarations and references as classes (databases and
 * stores as structs), property keys as properties, numbers, units, enum values and edge arrows.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, DefaultRenameProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import {
  ResponseError,
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type RenameParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import {
  isComponent,
  isEdge,
  isEdgeModifier,
  isFailStep,
  isLoadStep,
  isScenario,
  isSetStep,
  isProperty,
  isQuantity,
  isQuorumValue,
  isStoreRef,
  isSystem,
  isWordValue,
  type Component,
} from '../language/generated/ast.js';
import type { ArchscaleLspServices } from './archscale-lsp-module.js';

const NAME = /^[_a-zA-Z]\w*(?:-[_a-zA-Z0-9]\w*)*$/;
export class ArchscaleRenameProvider extends DefaultRenameProvider {
  constructor(private readonly services: ArchscaleLspServices) {
    super(services);
  }

  override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
    const newName = params.newName;
    // Every word of the language may be a name (README, "Names").
    if (!NAME.test(newName)) {
      throw new ResponseError(
        -32602,
        `'${newName}' is not a valid component name (letters, digits, '_' and inner '-')`,
      );
    }
    const root = document.parseResult.value.$cstNode;
    const leaf =
      root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), /[\w-]/);
    const target = leaf ? this.services.references.References.findDeclarations(leaf)[0] : undefined;
    if (target && isComponent(target) && target.name !== newName) {
      // Clash: a component with that name is visible in any document that sees the renamed one.
      const insight = this.services.insight.InsightService;
      const declaring = AstUtils.getDocument(target).uri.toString();
      for (const i of [...insight.forDocument(declaring), ...insight.forDocument(document.uri.toString())]) {
        const clash = i.model.components.find((c) => c.id === newName);
        if (clash) {
          throw new ResponseError(
            -32602,
            `cannot rename '${target.name}' to '${newName}': '${newName}' is already declared (${decodeURIComponent(clash.nameLocation.uri.split('/').pop() ?? '')}:${clash.nameLocation.range.start.line + 1})`,
          );
        }
      }
    }
    return super.rename(document, params);
  }
}

const STORES = new Set(['database', 'search', 'storage', 'queue', 'stream', 'cache']);

function componentType(c: Component | undefined): string {
  return c && STORES.has(c.kind) ? SemanticTokenTypes.struct : SemanticTokenTypes.class;
}

export class ArchscaleSemanticTokenProvider extends AbstractSemanticTokenProvider {
  protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
    if (isSystem(node)) {
      acceptor({
        node,
        property: 'name',
        type: SemanticTokenTypes.namespace,
        modifier: SemanticTokenModifiers.declaration,
      });
    } else if (isComponent(node)) {
      acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
      acceptor({ node, property: 'name', type: componentType(node), modifier: SemanticTokenModifiers.declaration });
    } else if (isEdge(node)) {
      acceptor({ node, property: 'source', type: componentType(node.source.ref) });
      node.targets.forEach((t, index) => acceptor({ node, property: 'targets', index, type: componentType(t.ref) }));
      acceptor({ node, keyword: '->', type: SemanticTokenTypes.operator });
    } else if (isScenario(node)) {
      acceptor({ node, keyword: 'scenario', type: SemanticTokenTypes.keyword });
      acceptor({
        node,
        property: 'name',
        type: SemanticTokenTypes.event,
        modifier: SemanticTokenModifiers.declaration,
      });
    } else if (isLoadStep(node)) {
      acceptor({ node, keyword: 'load', type: SemanticTokenTypes.keyword });
    } else if (isFailStep(node)) {
      acceptor({ node, keyword: 'fail', type: SemanticTokenTypes.keyword });
      if (node.zone) acceptor({ node, keyword: 'zone', type: SemanticTokenTypes.keyword });
      if (node.component) acceptor({ node, property: 'component', type: componentType(node.component.ref) });
      if (node.part) acceptor({ node, property: 'part', type: SemanticTokenTypes.keyword });
    } else if (isSetStep(node)) {
      acceptor({ node, property: 'component', type: componentType(node.component.ref) });
    } else if (isEdgeModifier(node)) {
      if (node.flag) acceptor({ node, property: 'flag', type: SemanticTokenTypes.modifier });
      if (node.requirement) acceptor({ node, property: 'requirement', type: SemanticTokenTypes.enumMember });
    } else if (isProperty(node)) {
      acceptor({ node, property: 'key', type: SemanticTokenTypes.property });
      if (node.qualifier) acceptor({ node, property: 'qualifier', type: SemanticTokenTypes.enumMember });
    } else if (isQuantity(node)) {
      const number = GrammarUtils.findNodeForProperty(node.$cstNode, 'value');
      if (number) acceptor({ cst: number, type: SemanticTokenTypes.number });
      if (node.scale) acceptor({ node, property: 'scale', type: SemanticTokenTypes.number });
      if (node.unit?.$cstNode) acceptor({ cst: node.unit.$cstNode, type: SemanticTokenTypes.type });
      return;
    } else if (isWordValue(node)) {
      acceptor({ node, property: 'word', type: SemanticTokenTypes.enumMember });
    } else if (isStoreRef(node)) {
      acceptor({ node, property: 'store', type: componentType(node.store.ref) });
    } else if (isQuorumValue(node)) {
      for (const k of ['n', 'r', 'w'] as const) acceptor({ node, keyword: k, type: SemanticTokenTypes.parameter });
    }
  }
}
