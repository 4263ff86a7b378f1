/**
 * GeoJSON (RFC 7946) → places and routes. Point features are places (named by their
 * `name`, `label` or `id` property); LineString and MultiLineString features are routes
 * whose length is their geometry's (the sum of great-circle segment lengths: the line is
 * where the cable runs, so no route factor). A route's ends attach to the nearest Point
 * within the attach distance; its properties may set the route keys of
 * route-properties.ts.
 */
import { haversineKm } from './haversine.js';
import { ImportError } from './import-error.js';
import type { ImportedNetwork, ImportedPlace, ImportedRoute, Polyline } from './imported-network.js';
import { placeIds } from './place-ids.js';
import { polylineKm } from './polyline-km.js';
import { readRouteProperties, type RouteProperties } from './route-properties.js';
import { roundKm } from './graph-network.js';
import { uniqueIds } from './unique-ids.js';

export interface GeoImportOptions {
  /** How far a line's end may be from the Point it attaches to, km. */
  readonly attachKm: number;
}

/** A line end this close to a place is at the place; 1 km covers a PoP drawn at a city centre. */
export const DEFAULT_ATTACH_KM = 1;

interface Line {
  readonly at: string;
  readonly parts: Polyline[];
  readonly properties: RouteProperties;
}

/** @throws {ImportError} for malformed JSON, a geometry it cannot use, an unattached end. */
export function geoNetwork(text: string, source: string, options: GeoImportOptions): ImportedNetwork {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  const features = featuresOf(json, source);
  const points: { at: string; label: string; lon: number; lat: number }[] = [];
  const lines: Line[] = [];
  features.forEach((feature, i) => {
    const at = `${source}: features[${i}]`;
    if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
      throw new ImportError(`${at}: must be an object with "type": "Feature"`);
    }
    const { geometry, properties: rawProperties } = feature as { geometry?: unknown; properties?: unknown };
    const properties =
      typeof rawProperties === 'object' && rawProperties !== null && !Array.isArray(rawProperties)
        ? (rawProperties as Record<string, unknown>)
        : {};
    const type = typeof geometry === 'object' && geometry !== null ? (geometry as { type?: unknown }).type : undefined;
    const coordinates = (geometry as { coordinates?: unknown } | null)?.coordinates;
    if (type === 'Point') {
      const [lon, lat] = position(coordinates, `${at}.geometry.coordinates`);
      const name = [properties.name, properties.label, properties.id].find((value) => typeof value === 'string' && value.trim());
      points.push({ at, label: (name as string | undefined)?.trim() ?? `point ${i}`, lon, lat });
    } else if (type === 'LineString') {
      lines.push({ at, parts: [polyline(coordinates, `${at}.geometry.coordinates`)], properties: readRouteProperties(properties, `${at}.properties`) });
    } else if (type === 'MultiLineString') {
      if (!Array.isArray(coordinates) || coordinates.length === 0) {
        throw new ImportError(`${at}.geometry.coordinates: must be a non-empty list of lines`);
      }
      const parts = coordinates.map((part, k) => polyline(part, `${at}.geometry.coordinates[${k}]`));
      lines.push({ at, parts, properties: readRouteProperties(properties, `${at}.properties`) });
    } else {
      throw new ImportError(`${at}.geometry: must be a Point, LineString or MultiLineString, got ${JSON.stringify(type ?? null)}`);
    }
  });
  if (points.length === 0) throw new ImportError(`${source}: no Point features: places (sites, junctions) come from Points`);
  if (lines.length === 0) throw new ImportError(`${source}: no LineString or MultiLineString features: routes come from lines`);

  const ids = placeIds(points.map((point) => point.label), points.map((_, i) => String(i)));
  const places: ImportedPlace[] = points.map((point, i) => ({ id: ids[i] as string, label: point.label, lat: point.lat, lon: point.lon }));
  const ends = lines.map((line) => {
    const firstPart = line.parts[0] as Polyline;
    const lastPart = line.parts[line.parts.length - 1] as Polyline;
    const a = attach(firstPart[0] as readonly [number, number], places, options.attachKm, `${line.at} (start)`);
    const b = attach(lastPart[lastPart.length - 1] as readonly [number, number], places, options.attachKm, `${line.at} (end)`);
    if (a === b) throw new ImportError(`${line.at}: both ends attach to place "${places[a]?.id}": a route must join two places`);
    return [a, b] as const;
  });

  const given = lines.map((line) => line.properties.id);
  const generated = uniqueIds(ends.map(([a, b]) => `${places[a]?.id}-${places[b]?.id}`));
  const taken = new Set<string>();
  const routes: ImportedRoute[] = lines.map((line, k) => {
    const id = given[k] ?? (generated[k] as string);
    if (taken.has(id) || (given[k] === undefined && given.includes(id))) {
      throw new ImportError(`${line.at}.properties.id: route id "${id}" is used twice`);
    }
    taken.add(id);
    const km = line.parts.reduce((sum, part) => sum + polylineKm(part), 0);
    const [a, b] = ends[k] as readonly [number, number];
    return {
      id,
      between: [a, b],
      lengthKm: roundKm(km),
      note: `${places[a]?.label} – ${places[b]?.label}: along its geometry`,
      properties: line.properties,
      lines: line.parts,
    };
  });
  return { places, routes, dropped: [] };
}

function featuresOf(json: unknown, source: string): unknown[] {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (type === 'FeatureCollection') {
    const features = (json as { features?: unknown }).features;
    if (!Array.isArray(features)) throw new ImportError(`${source}: "features" must be a list`);
    if (features.length === 0) throw new ImportError(`${source}: the FeatureCollection has no features`);
    return features;
  }
  if (type === 'Feature') return [json];
  throw new ImportError(`${source}: expected a GeoJSON FeatureCollection, got ${JSON.stringify(type ?? typeof json)}`);
}

function position(value: unknown, at: string): readonly [number, number] {
  if (!Array.isArray(value) || value.length < 2) throw new ImportError(`${at}: must be a [longitude, latitude] position`);
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || !(lon >= -180 && lon <= 180)) {
    throw new ImportError(`${at}: longitude must be a number in [-180, 180], got ${JSON.stringify(lon)}`);
  }
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) {
    throw new ImportError(`${at}: latitude must be a number in [-90, 90], got ${JSON.stringify(lat)}`);
  }
  return [lon, lat];
}

function polyline(value: unknown, at: string): Polyline {
  if (!Array.isArray(value) || value.length < 2) throw new ImportError(`${at}: a line needs at least two positions`);
  return value.map((item, k) => position(item, `${at}[${k}]`));
}

/** The nearest place to a line's end, within `attachKm`. */
function attach(end: readonly [number, number], places: readonly ImportedPlace[], attachKm: number, at: string): number {
  let best = -1;
  let bestKm = Infinity;
  places.forEach((place, i) => {
    const km = haversineKm(end[1], end[0], place.lat, place.lon);
    if (km < bestKm) {
      bestKm = km;
      best = i;
    }
  });
  if (bestKm > attachKm) {
    throw new ImportError(
      `${at}: [${end[0]}, ${end[1]}] is ${roundKm(bestKm)} km from the nearest Point ("${places[best]?.id}"); ` +
        `a route's ends must be within ${attachKm * 1000} m of a Point (--attach-distance)`,
    );
  }
  return best;
}
