/**
 * A network map as a graph file gives it (Topology Zoo GraphML or GML): nodes with
 * optional coordinates, edges between node keys. Nothing is checked yet beyond syntax.
 */
export interface MapNode {
  /** The node's key in the file (`<node id="…">`, GML `id`): what edges refer to. */
  readonly key: string;
  /** A human name (`label`), or the key when the file gives none. */
  readonly label: string;
  readonly lat?: number;
  readonly lon?: number;
  /**
   * Topology Zoo's `hyperedge` = 1: not a PoP but the point where a drawn link splits
   * to reach three or more PoPs; such nodes are labelled "None" and have no position.
   */
  readonly hyperedge?: true;
}

export interface MapEdge {
  readonly source: string;
  readonly target: string;
}

export interface MapGraph {
  /** The network's name when the file gives one (Topology Zoo: `Network`/`label`). */
  readonly name?: string;
  /** True when the file says it comes from the Internet Topology Zoo (CC BY 4.0). */
  readonly topologyZoo: boolean;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}
