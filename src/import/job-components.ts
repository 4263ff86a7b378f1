/**
 * The job's sites must be joined by routes, or no scheme can ever connect them. When
 * they are not, the message names each connected component that holds a job site, so
 * the user sees which part of the map is cut off (often a node dropped for lack of
 * coordinates that was the only bridge).
 */
import { ImportError } from './import-error.js';
import type { ImportedNetwork } from './imported-network.js';

/** Places listed per component in the message, at most. */
const SHOWN = 6;

/** @throws {ImportError} when the job sites lie in more than one component. */
export function checkSitesConnected(network: ImportedNetwork, sites: readonly number[]): void {
  const component = components(network);
  const holding = [...new Set(sites.map((site) => component[site] as number))];
  if (holding.length <= 1) return;
  const described = holding.map((c, k) => {
    const members = network.places.flatMap((place, i) => (component[i] === c ? [place.id] : []));
    const jobSites = sites.filter((site) => component[site] === c).map((site) => network.places[site]?.id);
    const others = members.filter((id) => !jobSites.includes(id));
    const shown = others.slice(0, SHOWN).join(', ') + (others.length > SHOWN ? `, … ${others.length - SHOWN} more` : '');
    return `component ${k + 1}: job site(s) ${jobSites.join(', ')}${others.length > 0 ? ` with ${shown}` : ' alone'} (${members.length} places)`;
  });
  throw new ImportError(`the job's sites are not connected by routes: ${described.join('; ')}`);
}

/** Component number of each place (union–find over the routes). */
export function components(network: ImportedNetwork): Int32Array {
  const parent = Int32Array.from(network.places, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (const { between: [a, b] } of network.routes) parent[root(a)] = root(b);
  return Int32Array.from(network.places, (_, i) => root(i));
}
