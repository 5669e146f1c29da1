/** The language server's services: Langium's LSP defaults plus archscale's core overrides. */
import { DocumentState, inject, setInterruptionPeriod, type Module } from 'langium';
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
  // A build yields at every cancellation check (Langium's default: only after 10 ms of work), so
  // the edits queued behind it are read, and cancel it, before it parses. Otherwise each change
  // of a burst (a paste, keys held down, fast typing) is read only after the previous one's
  // parse, and every one is parsed in turn: 20 edits of a broken 50 KB file took 11 s, now 1.7 s.
  setInterruptionPeriod(0);
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
