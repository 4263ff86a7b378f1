/**
 * The job's sites (docs/model.md#scenario, #paths): known sites with GPUs, each listed once, and every
 * pair joined by some path of routes (sites and junctions as nodes, routes as edges),
 * or no scheme could ever connect them. Reachability ignores up/down state and SRLGs:
 * it asks only whether the topology as written has a path.
 */
import { MAX_ELASTIC_SITES } from '../model/schemes/elastic-view.js';
import type { ParsedScenario } from './scenario-schema.js';

interface JobSite {
  readonly id: string;
  /** Where the site is named: `job.sites[i]`, or `sites[i]` when job.sites is left out. */
  readonly path: string;
}

export function checkJobSites(doc: ParsedScenario): string[] {
  const problems: string[] = [];
  const gpus = new Map(doc.sites.map((site) => [site.id, site.gpus]));
  const junctions = new Set(doc.junctions);
  const valid: JobSite[] = [];

  if (doc.job.sites === undefined) {
    // The default: every site that has GPUs (a 0-GPU site is a place routes pass through).
    doc.sites.forEach((site, i) => {
      if (site.gpus > 0) valid.push({ id: site.id, path: `sites[${i}]` });
    });
    if (valid.length === 0) problems.push('sites: no site has gpus > 0, so the job has nowhere to run');
  } else {
    const seen = new Set<string>();
    doc.job.sites.forEach((id, i) => {
      const path = `job.sites[${i}]`;
      const count = gpus.get(id);
      if (seen.has(id)) problems.push(`${path}: site "${id}" listed twice`);
      else if (junctions.has(id)) problems.push(`${path}: "${id}" is a junction, not a site`);
      else if (count === undefined) {
        problems.push(`${path}: unknown site "${id}" (sites: ${[...gpus.keys()].join(', ')})`);
      }
      else if (count === 0) problems.push(`${path}: site "${id}" has gpus 0; a job site needs gpus > 0`);
      else valid.push({ id, path });
      seen.add(id);
    });
  }

  // Elastic's groups are sets of job-site pairs held in one int32 word.
  const elastic = (doc.schemes ?? []).findIndex((scheme) => scheme.kind === 'elastic');
  if (elastic >= 0 && valid.length > MAX_ELASTIC_SITES)
    problems.push(`job.sites: schemes[${elastic}] is elastic, which takes at most ${MAX_ELASTIC_SITES} job sites, got ${valid.length}`);

  const [anchor, ...others] = valid;
  // A route to an unknown place is already reported; the graph is then not the one the
  // user meant, and "unreachable" findings on it would be noise.
  const places = new Set([...gpus.keys(), ...junctions]);
  const graphIsKnown = doc.routes.every((route) => route.between.every((place) => places.has(place)));
  if (anchor === undefined || !graphIsKnown) return problems;
  const reached = reachableFrom(anchor.id, doc.routes);
  for (const site of others) {
    if (!reached.has(site.id)) {
      problems.push(`${site.path}: no path of routes reaches job site "${site.id}" from "${anchor.id}"`);
    }
  }
  return problems;
}

/** Places connected to `start` by routes, whatever their length or state. */
function reachableFrom(start: string, routes: ParsedScenario['routes']): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const { between: [a, b] } of routes) {
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  }
  const reached = new Set([start]);
  const frontier = [start];
  for (let place = frontier.pop(); place !== undefined; place = frontier.pop()) {
    for (const next of neighbours.get(place) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        frontier.push(next);
      }
    }
  }
  return reached;
}
