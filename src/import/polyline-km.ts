/** The length of a polyline of [longitude, latitude] positions: Σ great-circle segment lengths, km. */
import { haversineKm } from './haversine.js';
import type { Polyline } from './imported-network.js';

export function polylineKm(line: Polyline): number {
  let km = 0;
  for (let i = 1; i < line.length; i += 1) {
    const [lon1, lat1] = line[i - 1] as readonly [number, number];
    const [lon2, lat2] = line[i] as readonly [number, number];
    km += haversineKm(lat1, lon1, lat2, lon2);
  }
  return km;
}
