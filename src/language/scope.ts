/**
 * Linear-time scoping. Every document exports its components; a reference resolves against
 * a map of the document's own components plus the components of the documents it imports
 * (directly). The map is built once per document per build and cached, so linking N
 * references costs O(N), not O(N x components) as with Langium's default stream scopes.
 */
import {
  AstUtils,
  DefaultScopeComputation,
  EMPTY_SCOPE,
  MapScope,
  MultiMap,
  URI,
  UriUtils,
  WorkspaceCache,
  type AstNodeDescription,
  type LangiumCoreServices,
  type LangiumDocument,
  type LocalSymbols,
  type ReferenceInfo,
  type Scope,
  type ScopeProvider,
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { isComponent, isDocument, type Document } from './generated/ast.js';

export class ArchscaleScopeComputation extends DefaultScopeComputation {
  override async collectExportedSymbols(
    document: LangiumDocument,
    _cancelToken?: CancellationToken,
  ): Promise<AstNodeDescription[]> {
    const root = document.parseResult.value;
    const out: AstNodeDescription[] = [];
    if (!isDocument(root)) return out;
    for (const system of root.systems) {
      if (system.name) out.push(this.descriptions.createDescription(system, system.name, document));
      for (const member of system.members) {
        if (isComponent(member) && member.name)
          out.push(this.descriptions.createDescription(member, member.name, document));
      }
    }
    return out;
  }

  /** Local scopes are not used: ArchscaleScopeProvider resolves everything from the exports. */
  override async collectLocalSymbols(
    _document: LangiumDocument,
    _cancelToken?: CancellationToken,
  ): Promise<LocalSymbols> {
    return new MultiMap();
  }
}

/** Resolves an import path relative to the importing document. */
export function resolveImport(from: URI, path: string): URI {
  return UriUtils.resolvePath(UriUtils.dirname(from), path);
}

export class ArchscaleScopeProvider implements ScopeProvider {
  private readonly services: LangiumCoreServices;
  private readonly cache: WorkspaceCache<string, Scope>;

  constructor(services: LangiumCoreServices) {
    this.services = services;
    this.cache = new WorkspaceCache(services.shared);
  }

  getScope(context: ReferenceInfo): Scope {
    const p = context.property;
    if (p !== 'source' && p !== 'targets' && p !== 'store' && p !== 'component') return EMPTY_SCOPE;
    const document = AstUtils.getDocument(context.container);
    const key = document.uri.toString();
    return this.cache.get(key, () => this.buildScope(document));
  }

  private buildScope(document: LangiumDocument): Scope {
    const index = this.services.shared.workspace.IndexManager;
    const root = document.parseResult.value as Document;
    const imported = new Set<string>();
    for (const imp of root.imports ?? []) {
      if (!imp.path) continue;
      const uri = resolveImport(document.uri, imp.path).toString();
      if (uri !== document.uri.toString()) imported.add(uri);
    }
    const outer = imported.size > 0 ? new MapScope(index.allElements('Component', imported)) : undefined;
    return new MapScope(index.allElements('Component', new Set([document.uri.toString()])), outer);
  }
}
