/**
 * The rules of docs/model.md#scenario that relate several parts of a file: unique ids, references to
 * places, SRLGs and regions, own lengths, horizon vs. work. They run on a file that
 * passed the shape checks, so they can trust types and ranges; each returns every
 * problem it finds, one line each, rather than stopping at the first.
 */
import type { ParsedScenario } from './scenario-schema.js';
import { checkJobSites } from './check-job-sites.js';

/** Slack on "own length >= 0" so that 10 km = 3.3 km + 6.7 km is never a float accident. */
const LENGTH_TOLERANCE_KM = 1e-9;

export function checkReferences(doc: ParsedScenario): string[] {
  return [
    ...checkIds(doc),
    ...checkRoutes(doc),
    ...checkRegions(doc),
    ...checkJobSites(doc),
    ...checkHorizon(doc),
    ...checkDaly(doc),
  ];
}

interface Named {
  readonly id: string;
  readonly path: string;
}

function checkIds(doc: ParsedScenario): string[] {
  const listed = (key: string, items: readonly { id: string }[]): Named[] =>
    items.map(({ id }, i) => ({ id, path: `${key}[${i}].id` }));
  // Sites and junctions share one namespace: a route's `between` names either.
  const junctions = doc.junctions.map((id, i) => ({ id, path: `junctions[${i}]` }));
  const places = [...listed('sites', doc.sites), ...junctions];
  return [
    ...duplicates(places),
    ...duplicates(listed('routes', doc.routes)),
    ...duplicates(listed('srlgs', doc.srlgs)),
    ...duplicates(listed('regional', doc.regional)),
    ...duplicates(listed('schemes', doc.schemes)),
  ];
}

function duplicates(entries: readonly Named[]): string[] {
  const first = new Map<string, string>();
  const problems: string[] = [];
  for (const { id, path } of entries) {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, path);
    else problems.push(`${path}: duplicate id "${id}" (already used by ${earlier})`);
  }
  return problems;
}

function checkRoutes(doc: ParsedScenario): string[] {
  const places = new Set([...doc.sites.map((site) => site.id), ...doc.junctions]);
  const srlgLength = new Map(doc.srlgs.map((srlg) => [srlg.id, srlg.length_km]));
  const problems: string[] = [];
  doc.routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    route.between.forEach((place, end) => {
      if (!places.has(place)) {
        const known = [...places].join(', ');
        problems.push(`${at}.between[${end}]: unknown place "${place}" (sites and junctions: ${known})`);
      }
    });
    if (route.between[0] === route.between[1]) {
      problems.push(`${at}.between: must join two different places, got "${route.between[0]}" twice`);
    }
    const seen = new Set<string>();
    route.srlgs.forEach((srlg, k) => {
      if (!srlgLength.has(srlg)) problems.push(`${at}.srlgs[${k}]: unknown SRLG "${srlg}"`);
      else if (seen.has(srlg)) problems.push(`${at}.srlgs[${k}]: SRLG "${srlg}" listed twice`);
      seen.add(srlg);
    });
    // docs/model.md#timeline: a route's own exposure is its length minus what runs in its SRLGs.
    const shared = [...seen].filter((srlg) => srlgLength.has(srlg));
    const sharedKm = shared.reduce((sum, srlg) => sum + (srlgLength.get(srlg) ?? 0), 0);
    if (route.length_km - sharedKm < -LENGTH_TOLERANCE_KM) {
      const parts = shared.map((srlg) => `${srlg} ${srlgLength.get(srlg)} km`).join(', ');
      problems.push(
        `${at}.length_km: route "${route.id}" is shorter than its SRLGs (${parts}): ` +
          `own length ${route.length_km} - ${sharedKm} = ${round(route.length_km - sharedKm)} km, must be >= 0`,
      );
    }
  });
  return problems;
}

function checkRegions(doc: ParsedScenario): string[] {
  const named = new Set([...doc.routes, ...doc.srlgs].flatMap((item) => item.regions));
  return doc.regional.flatMap((event, i) =>
    named.has(event.region)
      ? []
      : [`regional[${i}].region: no route or SRLG lists region "${event.region}" in its regions`],
  );
}

function checkHorizon(doc: ParsedScenario): string[] {
  // With `steps`, W is known only with the step time: checked after (validate-scenario.ts).
  if (doc.horizon === undefined || doc.job.work === undefined || doc.horizon > doc.job.work) return [];
  return [`horizon: must be > job.work (${round(doc.job.work)} h), got ${round(doc.horizon)} h`];
}

/** Daly's optimum √(2δM)… is 0 for an instant write: a checkpoint per instant is no interval. */
function checkDaly(doc: ParsedScenario): string[] {
  if (doc.job.checkpoint.interval !== 'daly' || doc.job.checkpoint.write > 0) return [];
  return ['job.checkpoint.interval: daly needs job.checkpoint.write > 0 (the optimum interval grows with the write time)'];
}

/** Enough digits for a message, without 0.30000000000000004. */
function round(value: number): number {
  return Number(value.toPrecision(10));
}
