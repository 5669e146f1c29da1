/** The archscale language server: `node out/language-server.cjs --stdio` (or --node-ipc). */
import '../../scripts/polyfill-groupby.cjs';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createArchscaleServices, FIGURE_REQUEST_STATES } from './archscale-lsp-module.js';
import { registerDiagramRequest } from './diagram.js';
import { registerScalingRequest } from './scaling.js';
import { registerSimulateRequest } from './simulate.js';
import { watchSettings } from './settings.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Archscale } = createArchscaleServices({ connection, ...NodeFileSystem });
watchSettings(shared, Archscale.insight.InsightService, connection);
registerDiagramRequest(connection, shared, Archscale.insight.InsightService);
registerScalingRequest(connection, shared, Archscale.insight.InsightService);
registerSimulateRequest(connection, shared, Archscale.insight.InsightService);
startLanguageServer(shared, FIGURE_REQUEST_STATES);
