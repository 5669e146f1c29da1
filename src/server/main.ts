/** The archscale language server: `node out/language-server.cjs --stdio` (or --node-ipc). */
import '../../scripts/polyfill-groupby.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createArchscaleServices } from './archscale-lsp-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createArchscaleServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
