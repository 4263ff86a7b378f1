/**
 * `src/import/`: real network maps (Topology Zoo GraphML / GML, GeoJSON) → scenario files.
 */

// The whole import, and its failure.
export { importMap, DEFAULT_CORRIDOR_KM, DEFAULT_MIN_SHARED_KM, type ImportOptions, type ImportResult } from './import-map.js';
export { ImportError } from './import-error.js';

// Flag values and defaults.
export { parseDeployment, type Deployment } from './deployment.js';
export { readFiber, type Fiber } from './route-properties.js';
export { DEFAULT_ROUTE_FACTOR } from './route-factor.js';
export { DEFAULT_ATTACH_KM } from './geo-network.js';
export { slug } from './place-ids.js';

// Geometry.
export { haversineKm, EARTH_RADIUS_KM } from './haversine.js';
export { sharedCorridors, type Corridor } from './shared-corridors.js';
