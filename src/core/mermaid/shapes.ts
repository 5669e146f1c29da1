/**
 * How each kind of component is drawn: a Mermaid 12 shape (`n0@{ shape: cyl }`) chosen for what
 * the component is, so a diagram reads without a legend.
 */
import { KINDS } from '../kinds.js';
import { COMPONENT_KINDS, type ComponentKind } from '../model.js';

export const SHAPES: Record<ComponentKind, string> = {
  /** A browser window: where requests come from. */
  client: 'browser',
  /** A signpost: names point somewhere else. */
  dns: 'odd',
  /** A cloud: edge servers all over. */
  cdn: 'cloud',
  /** A hexagon: traffic in, spread out. */
  loadbalancer: 'hex',
  /** Stacked rectangles: a pool of clones (a single instance is a plain rectangle). */
  service: 'st-rect',
  /** A window pane ("internal storage"): memory. */
  cache: 'win-pane',
  /** The cylinder. */
  database: 'cyl',
  /** A horizontal cylinder: a pipe that holds messages. */
  queue: 'h-cyl',
  /** A paper tape: an append-only log. */
  stream: 'flag',
  /** A lined rectangle: background processing. */
  worker: 'lin-rect',
  /** Stacked documents: an index of documents. */
  search: 'docs',
  /** A bucket: an object store. */
  storage: 'bucket',
  /** A framed rectangle ("subroutine"): someone else's process. */
  external: 'fr-rect',
};

/** A service with one instance is not a pool. */
export const SINGLE_SERVICE_SHAPE = 'rect';

/** A collapsed group of components of mixed kinds. */
export const MIXED_GROUP_SHAPE = 'div-rect';

/** The word for a kind in the plural, for group labels (`37 services`): the kinds table's. */
export const KIND_PLURAL: Record<ComponentKind, string> = Object.fromEntries(
  COMPONENT_KINDS.map((k) => [k, KINDS[k].plural]),
) as Record<ComponentKind, string>;

/** The word for a kind in a node's label: the kinds table's short word. */
export const KIND_LABEL: Record<ComponentKind, string> = Object.fromEntries(
  COMPONENT_KINDS.map((k) => [k, KINDS[k].short]),
) as Record<ComponentKind, string>;
