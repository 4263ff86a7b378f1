/**
 * A map turned into places and routes, with lengths in km: what the scenario is built
 * from, whatever the map's format.
 */
import type { RouteProperties } from './route-properties.js';

export interface ImportedPlace {
  readonly id: string;
  /** The name on the map, matched by `--sites`. */
  readonly label: string;
  readonly lat: number;
  readonly lon: number;
  /** A graph map's split point (hyperedge node), placed by the import: see place-split-points.ts. */
  readonly split?: true;
}

/** A polyline of [longitude, latitude] positions, GeoJSON's order. */
export type Polyline = readonly (readonly [number, number])[];

export interface ImportedRoute {
  readonly id: string;
  /** Indices into {@link ImportedNetwork.places}. */
  readonly between: readonly [number, number];
  readonly lengthKm: number;
  /** Why the length is what it is, for the comment next to the route. */
  readonly note: string;
  /** Keys a GeoJSON feature set; the import's defaults fill the rest. */
  readonly properties: RouteProperties;
  /** The route's geometry, when the map has one (GeoJSON): parts in order. */
  readonly lines?: readonly Polyline[];
}

export interface ImportedNetwork {
  readonly places: readonly ImportedPlace[];
  readonly routes: readonly ImportedRoute[];
  /** One line per thing the import left out (unplaced nodes, self-loops), for the report. */
  readonly dropped: readonly string[];
  /** One line per place whose position the import worked out itself (split points of graph maps). */
  readonly estimated?: readonly string[];
}
