/** The language server's services: Langium's LSP defaults plus archscale's core overrides. */
import { DocumentState, inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices,
} from 'langium/lsp';
import { ArchscaleCodeActionProvider } from './code-actions.js';
import { ArchscaleCompletionProvider } from './completion.js';
import { ArchscaleFormatter } from './formatter.js';
import { ArchscaleRenameProvider, ArchscaleSemanticTokenProvider } from './symbols.js';
import { ArchscaleCodeLensProvider, ArchscaleHoverProvider, ArchscaleInlayHintProvider } from './editor-figures.js';
import { ArchscaleConfigurationProvider } from './settings.js';
import { ArchscaleDocumentUpdateHandler } from './document-updates.js';
import { ArchscaleDocumentBuilder } from './document-builder.js';
import { ArchscaleModule, ArchscaleSharedModule, type ArchscaleAddedServices } from '../language/archscale-module.js';
import { ArchscaleGeneratedModule, ArchscaleGeneratedSharedModule } from '../language/generated/module.js';

export type ArchscaleLspServices = LangiumServices & ArchscaleAddedServices;

export const ArchscaleLspModule: Module<ArchscaleLspServices, PartialLangiumServices> = {
  lsp: {
    CodeActionProvider: (services) => new ArchscaleCodeActionProvider(services),
    InlayHintProvider: (services) => new ArchscaleInlayHintProvider(services),
    HoverProvider: (services) => new ArchscaleHoverProvider(services),
    CodeLensProvider: (services) => new ArchscaleCodeLensProvider(services),
    CompletionProvider: (services) => new ArchscaleCompletionProvider(services),
    Formatter: () => new ArchscaleFormatter(),
    RenameProvider: (services) => new ArchscaleRenameProvider(services),
    SemanticTokenProvider: (services) => new ArchscaleSemanticTokenProvider(services),
  },
};

export function createArchscaleServices(context: DefaultSharedModuleContext): {
  shared: LangiumSharedServices;
  Archscale: ArchscaleLspServices;
} {
  // Builds yield to read queued edits at Langium's default period (after 10 ms of work). Yielding
  // at every check (`setInterruptionPeriod(0)`) made a burst of edits of a broken 50 KB file cost
  // 1.7 s instead of 11 s when a broken parse was slow; with the statement recovery a burst stays
  // within test/unit/server/edit-burst.test.ts's bound at the default, and yielding at every check
  // cost a single edit 20-40 % (bench edit rows), so the default stays.
  const shared = inject(createDefaultSharedModule(context), ArchscaleGeneratedSharedModule, ArchscaleSharedModule, {
    workspace: {
      ConfigurationProvider: (s: LangiumSharedServices) => new ArchscaleConfigurationProvider(s),
      DocumentBuilder: (s: LangiumSharedServices) => new ArchscaleDocumentBuilder(s),
    },
    lsp: { DocumentUpdateHandler: (s: LangiumSharedServices) => new ArchscaleDocumentUpdateHandler(s) },
  });
  const Archscale = inject(
    createDefaultModule({ shared }),
    ArchscaleGeneratedModule,
    ArchscaleModule,
    ArchscaleLspModule,
  );
  shared.ServiceRegistry.register(Archscale);
  return { shared, Archscale };
}

/**
 * The document state each figure request waits for before it reads (hovers, inlay hints and
 * code lenses read the insight, which validation computes); passed to `startLanguageServer`.
 */
export const FIGURE_REQUEST_STATES = {
  InlayHintProvider: DocumentState.Validated,
  HoverProvider: DocumentState.Validated,
  CodeLensProvider: DocumentState.Validated,
} as const;
