/**
 * The archscale language services. `createArchscaleCoreServices` (CLI, tests) has no LSP parts;
 * the language server adds the LSP module on top (src/server).
 */
import {
  createDefaultCoreModule,
  createDefaultSharedCoreModule,
  inject,
  type DefaultSharedCoreModuleContext,
  type LangiumCoreServices,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices,
} from 'langium';
import { ArchscaleDocumentValidator } from './document-validator.js';
import { InsightService } from './insight.js';
import { ArchscaleGeneratedModule, ArchscaleGeneratedSharedModule } from './generated/module.js';
import {
  ArchscaleAstNodeDescriptionProvider,
  ArchscaleIndexManager,
  ArchscaleLinker,
  ArchscaleReferenceDescriptionProvider,
} from './linking.js';
import { createArchscaleParser } from './parser.js';
import { ArchscaleDocumentFactory } from './documents.js';
import { FastArchParser } from './fast-parser/index.js';
import { ArchscaleScopeComputation, ArchscaleScopeProvider } from './scope.js';

/** Services archscale adds to Langium's. */
export interface ArchscaleAddedServices {
  insight: { InsightService: InsightService };
  parser: { FastParser: FastArchParser };
}

export type ArchscaleServices = LangiumCoreServices & ArchscaleAddedServices;

/** Overrides shared by the core and LSP service sets. */
export const ArchscaleModule: Module<ArchscaleServices, PartialLangiumCoreServices & ArchscaleAddedServices> = {
  insight: {
    InsightService: (services) => new InsightService(services.shared),
  },
  parser: {
    LangiumParser: (services) => createArchscaleParser(services),
    FastParser: (services) => new FastArchParser(services),
  },
  references: {
    Linker: (services) => new ArchscaleLinker(services),
    ScopeComputation: (services) => new ArchscaleScopeComputation(services),
    ScopeProvider: (services) => new ArchscaleScopeProvider(services),
  },
  workspace: {
    ReferenceDescriptionProvider: (services) => new ArchscaleReferenceDescriptionProvider(services),
    AstNodeDescriptionProvider: (services) => new ArchscaleAstNodeDescriptionProvider(services),
  },
  validation: {
    DocumentValidator: (services) => new ArchscaleDocumentValidator(services),
  },
};

/** Shared-service overrides (core and LSP): incremental re-parsing, a reference index built on demand. */
export const ArchscaleSharedModule: Module<
  LangiumSharedCoreServices,
  {
    workspace: {
      LangiumDocumentFactory: (s: LangiumSharedCoreServices) => ArchscaleDocumentFactory;
      IndexManager: (s: LangiumSharedCoreServices) => ArchscaleIndexManager;
    };
  }
> = {
  workspace: {
    LangiumDocumentFactory: (shared) => new ArchscaleDocumentFactory(shared),
    IndexManager: (shared) => new ArchscaleIndexManager(shared),
  },
};

export function createArchscaleCoreServices(context: DefaultSharedCoreModuleContext): {
  shared: LangiumSharedCoreServices;
  Archscale: ArchscaleServices;
} {
  const shared = inject(createDefaultSharedCoreModule(context), ArchscaleGeneratedSharedModule, ArchscaleSharedModule);
  const Archscale = inject(createDefaultCoreModule({ shared }), ArchscaleGeneratedModule, ArchscaleModule);
  shared.ServiceRegistry.register(Archscale);
  return { shared, Archscale };
}
