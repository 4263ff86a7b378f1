/** A path as `validate` writes it: its routes, or the places it passes, with latency and bandwidth. */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import type { Path } from '../../model/topology.js';
import { trim } from './table.js';

export function describePath(compiled: CompiledScenario, path: Path | null): string {
  if (path === null) return '— (none)';
  const names = path.routes.map((r) => compiled.topology.routeIds[r]).join(' + ');
  return `${names}  (${pathFigures(path)})`;
}

/** "22.67 ms one way, 12.8 Tbit/s" */
export function pathFigures(path: Path): string {
  return `${trim(path.latencyUs / 1000, 4)} ms one way, ${trim(path.bandwidthTbps)} Tbit/s`;
}

/**
 * The places a path passes from `from` on: "seattle → portland → … → chicago". Shorter
 * than the route ids on an imported map, whose ids are made of both ends' names.
 */
export function pathPlaces(compiled: CompiledScenario, path: Path, from: string): string {
  const { topology } = compiled;
  let at = topology.place(from);
  const places = [topology.places[at]];
  for (const r of path.routes) {
    const [a, b] = topology.routeEnds[r]!;
    at = a === at ? b : a;
    places.push(topology.places[at]);
  }
  return places.join(' → ');
}
