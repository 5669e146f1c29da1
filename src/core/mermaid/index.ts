/** The Mermaid diagram of a model (the live preview, `archscale render`). Pure: no I/O. */
export {
  toMermaid,
  DEFAULT_MERMAID_LIMITS,
  type MermaidDiagram,
  type MermaidOptions,
  type CollapseInfo,
} from './diagram.js';
export { nodeDetails, type NodeDetails } from './details.js';
export { escapeLabel, unescapeLabel } from './escape.js';
export { SHAPES } from './shapes.js';
