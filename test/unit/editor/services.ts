import { EmptyFileSystem } from 'langium';
import { createArchscaleServices } from '../../../src/server/archscale-lsp-module.js';

/** The language server's services without a connection (for Langium's test helpers). */
export function lspServices() {
  return createArchscaleServices({ ...EmptyFileSystem }).Archscale;
}
