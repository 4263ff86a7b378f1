/**
 * A graph map (GraphML, GML) → places and routes. Nodes are places, edges routes
 * (parallel edges stay separate routes: separate fibers), and a route's length is the
 * great-circle distance between its ends × the route factor, since the map says where
 * the PoPs are but not where the cable runs.
 */
import { haversineKm } from './haversine.js';
import { ImportError } from './import-error.js';
import type { ImportedNetwork, ImportedPlace, ImportedRoute } from './imported-network.js';
import type { MapGraph, MapNode } from './map-graph.js';
import { placeIds } from './place-ids.js';
import { placeSplitPoints } from './place-split-points.js';
import { uniqueIds } from './unique-ids.js';

export interface GraphImportOptions {
  /** Fiber length / great-circle distance, ≥ 1. */
  readonly routeFactor: number;
  /** Leave out nodes without coordinates (and their edges) instead of failing. */
  readonly dropUnplaced: boolean;
  /** Put unplaced hyperedge nodes (where a link splits) at their neighbours' centre, as junctions. */
  readonly splitJunctions: boolean;
}

/** A hyperedge node's label is "None" in the Zoo: it is named after its key instead. */
function labelOf(node: MapNode): string {
  return node.hyperedge ? `split ${node.key}` : node.label;
}

/** Unplaced nodes named in one message, at most; the rest are counted. */
const NAMED_AT_MOST = 12;

/** @throws {ImportError} for an empty graph, an edge to a missing node, unplaced nodes. */
export function graphNetwork(graph: MapGraph, source: string, options: GraphImportOptions): ImportedNetwork {
  if (graph.nodes.length === 0) throw new ImportError(`${source}: the graph has no nodes`);
  // Ids from every node, before any is dropped, so they do not depend on the flags.
  const ids = placeIds(
    graph.nodes.map(labelOf),
    graph.nodes.map((node) => node.key),
  );
  const indexOfKey = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (indexOfKey.has(node.key)) throw new ImportError(`${source}: two nodes have the id "${node.key}"`);
    indexOfKey.set(node.key, i);
  });
  graph.edges.forEach((edge, i) => {
    for (const end of [edge.source, edge.target]) {
      if (!indexOfKey.has(end)) {
        throw new ImportError(`${source}: edge ${i + 1} (${edge.source} → ${edge.target}) refers to node "${end}", which the graph does not have`);
      }
    }
  });

  const position = graph.nodes.map((node) => (node.lat === undefined || node.lon === undefined ? undefined : { lat: node.lat, lon: node.lon }));
  const estimated: string[] = [];
  if (options.splitJunctions) {
    const splits = placeSplitPoints({
      positions: position,
      placeable: graph.nodes.map((node) => node.hyperedge === true),
      edges: graph.edges.map((edge) => [indexOfKey.get(edge.source) as number, indexOfKey.get(edge.target) as number]),
    });
    for (const [i, at] of splits.placed) {
      position[i] = at;
      const joins = graph.edges.flatMap((edge) => {
        const other = edge.source === graph.nodes[i]?.key ? edge.target : edge.target === graph.nodes[i]?.key ? edge.source : undefined;
        return other === undefined ? [] : [ids[indexOfKey.get(other) as number]];
      });
      estimated.push(`junction ${ids[i]} (node ${graph.nodes[i]?.key}, a hyperedge: a link that splits) at ${at.lat.toFixed(4)}, ${at.lon.toFixed(4)}, the centre of ${joins.join(', ')}`);
    }
  }

  const unplaced = graph.nodes.flatMap((_, i) => (position[i] === undefined ? [i] : []));
  const dropped: string[] = [];
  if (unplaced.length > 0) {
    const named = unplaced.slice(0, NAMED_AT_MOST).map((i) => `${ids[i]} (node ${graph.nodes[i]?.key}, "${graph.nodes[i]?.label}")`);
    const more = unplaced.length > NAMED_AT_MOST ? ` and ${unplaced.length - NAMED_AT_MOST} more` : '';
    const splits = unplaced.filter((i) => graph.nodes[i]?.hyperedge).length;
    const unreachable = splits > 0 && options.splitJunctions ? ` (${splits} of them hyperedge nodes that no located place can be reached from)` : '';
    const offHint =
      splits > 0 && !options.splitJunctions
        ? ` ${splits} of them are hyperedge nodes (a link that splits): without --no-split-junctions they are placed at their neighbours' centre.`
        : '';
    if (!options.dropUnplaced) {
      throw new ImportError(
        `${source}: ${unplaced.length} node(s) have no coordinates, so no route length can be computed for their edges: ` +
          `${named.join(', ')}${more}${unreachable}. Give --drop-unplaced to leave them and their edges out.${offHint}`,
      );
    }
    dropped.push(...unplaced.map((i) => `place ${ids[i]} (node ${graph.nodes[i]?.key}, "${graph.nodes[i]?.label}"): no coordinates`));
  }

  const placeOfNode = new Map<number, number>();
  const places: ImportedPlace[] = [];
  graph.nodes.forEach((node, i) => {
    const at = position[i];
    if (at === undefined) return;
    placeOfNode.set(i, places.length);
    places.push({ id: ids[i] as string, label: labelOf(node), lat: at.lat, lon: at.lon, ...(node.lat === undefined ? { split: true as const } : {}) });
  });

  const kept: { a: number; b: number }[] = [];
  graph.edges.forEach((edge, i) => {
    const a = placeOfNode.get(indexOfKey.get(edge.source) as number);
    const b = placeOfNode.get(indexOfKey.get(edge.target) as number);
    const what = `edge ${i + 1} (${edge.source} → ${edge.target})`;
    if (a === undefined || b === undefined) dropped.push(`${what}: ends at a dropped node`);
    else if (a === b) dropped.push(`${what}: a loop from a place to itself`);
    else kept.push({ a, b });
  });

  const routeIds = uniqueIds(kept.map(({ a, b }) => `${places[a]?.id}-${places[b]?.id}`));
  const routes: ImportedRoute[] = kept.map(({ a, b }, k) => {
    const from = places[a] as ImportedPlace;
    const to = places[b] as ImportedPlace;
    const greatCircle = haversineKm(from.lat, from.lon, to.lat, to.lon);
    return {
      id: routeIds[k] as string,
      between: [a, b],
      lengthKm: roundKm(greatCircle * options.routeFactor),
      note:
        `${from.label} – ${to.label}: ${roundKm(greatCircle)} km great circle × ${options.routeFactor}` +
        (from.split || to.split ? ' (to a split point at its neighbours\' centre)' : ''),
      properties: {},
    };
  });
  return { places, routes, dropped, estimated };
}

/** Lengths to the metre: more digits would only be noise in the file. */
export function roundKm(km: number): number {
  return Math.round(km * 1000) / 1000;
}
