/**
 * `validate` on a big network: instead of a row per place, route and SRLG (245 routes
 * on an imported Cogent backbone), one line of totals and the routes and SRLGs that
 * dominate the job's exposure, the top few by cut rate on its primaries and backups.
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import { exposedRoutes, exposedSrlgs, usesBackups } from './job-exposure.js';
import { routeReliability } from './route-reliability.js';
import { ROUTE_COLUMNS, routeRow, SRLG_COLUMNS, srlgRatePerHour, srlgRow } from './route-rows.js';
import { formatTable, trim } from './table.js';

/** Routes and SRLGs listed in a summary. */
export const TOP = 10;

export function placesSummary(compiled: CompiledScenario): string[] {
  const { scenario } = compiled;
  const sites = scenario.sites.map((s) => `${s.id} (${s.gpus} GPUs${scenario.job.sites.includes(s.id) ? '' : ', not in the job'})`);
  return [`Places: ${scenario.sites.length + scenario.junctions.length}: sites ${sites.join(', ')}; ${scenario.junctions.length} junctions`];
}

export function routesSummary(compiled: CompiledScenario): string[] {
  const { scenario } = compiled;
  let km = 0;
  let cuts = 0;
  scenario.routes.forEach((route, i) => {
    km += route.lengthKm;
    cuts += routeReliability(compiled, i).cutsPerYear;
  });
  const exposed = exposedRoutes(compiled);
  const shown = exposed.slice(0, TOP);
  return [
    `Routes: ${scenario.routes.length}, ${trim(km, 5)} km, ${trim(cuts, 3)} route cuts/yr in all`,
    `Routes on the job's ${pathsName(compiled)}: ${exposed.length}; the ${shown.length} with the most cuts/yr (\`--all\`: every route)`,
    formatTable([...ROUTE_COLUMNS, { header: 'on' }], shown.map((item) => [...routeRow(compiled, item.index), item.on])),
  ];
}

export function srlgsSummary(compiled: CompiledScenario): string[] {
  const { scenario } = compiled;
  let km = 0;
  let cuts = 0;
  scenario.srlgs.forEach((srlg, s) => {
    km += srlg.lengthKm;
    cuts += srlgRatePerHour(compiled, s) * HOURS_PER_YEAR;
  });
  const exposed = exposedSrlgs(compiled);
  const shown = exposed.slice(0, TOP);
  const out = [
    `Shared risk (SRLG) units: ${scenario.srlgs.length}, ${trim(km, 5)} km, ${trim(cuts, 3)} cuts/yr in all; one cut takes down every member`,
    `SRLGs the job's ${pathsName(compiled)} cross: ${exposed.length}${shown.length > 0 ? `; the ${shown.length} with the most cuts/yr (\`--all\`: every SRLG)` : ''}`,
  ];
  if (shown.length > 0) out.push(formatTable([...SRLG_COLUMNS, { header: 'on' }], shown.map((item) => [...srlgRow(compiled, item.index), item.on])));
  return out;
}

function pathsName(compiled: CompiledScenario): string {
  return usesBackups(compiled) ? 'primaries and backups' : 'primaries';
}
