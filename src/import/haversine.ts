/**
 * Great-circle distance on a sphere of the Earth's mean radius (haversine formula).
 * The sphere is within ≈ 0.5 % of the ellipsoid everywhere: far below the uncertainty of
 * how far a fiber strays from the great circle (see route-factor.ts).
 */

/** Mean Earth radius R₁ = (2a + b) / 3 of WGS 84, km (IUGG; Moritz, "Geodetic Reference System 1980"). */
export const EARTH_RADIUS_KM = 6371.0088;

const RADIANS = Math.PI / 180;

/**
 * @returns the great-circle distance in km between two points given in degrees.
 * @example haversineKm(0, 0, 1, 0) // 111.19508… = 6371.0088 × π / 180
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLon = (lon2 - lon1) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
  // min: rounding can push h a hair above 1 for antipodal points, and asin(>1) is NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
