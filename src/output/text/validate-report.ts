/**
 * What `scale-across validate` prints: the resolved topology, each job pair's path per
 * scheme, per-route cut rates, MTTR and availability, the job's effective MTBF and
 * Daly's optimum checkpoint interval.
 */
import type { CompiledNetwork, CompiledScenario } from '../../model/compile-scenario.js';
import { jobGpus, schemeDalyInterval } from '../../model/compile-scenario.js';
import { dalyInterval, expectedJct, youngInterval } from '../../model/daly.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import { RestorationPaths } from '../../model/pair-routing.js';
import { meanRepair } from '../../model/repair-time.js';
import { denseRoutes } from '../../model/route-set.js';
import type { Path } from '../../model/topology.js';
import { rareEventsReport } from './rare-events-report.js';
import { formatDuration, formatTable, percent, trim } from './table.js';
import { terminalLines } from './terminal-text.js';

/** Outage sources of one route: its own unit, its SRLGs, regional hits (rates per hour). */
export interface RouteReliability {
  readonly cutsPerYear: number;
  /** Mean repair over the sources weighted by their cut rates. */
  readonly mttr: number;
  /**
   * Independent sources multiply: a unit alternating up/down is up a fraction
   * 1 / (1 + λ·MTTR); regional hits overlap freely (an M/G/∞ queue), none active with
   * probability exp(−λ·p·MTTR).
   */
  readonly availability: number;
}

export function routeReliability(compiled: Pick<CompiledNetwork, 'scenario' | 'exposure'>, routeIndex: number): RouteReliability {
  const { scenario, exposure } = compiled;
  let rate = 0;
  let repairWeighted = 0;
  let availability = 1;
  for (const unit of exposure.units) {
    if (!unit.routes.includes(routeIndex)) continue;
    let unitRepair = 0;
    scenario.hazards.forEach((h, c) => (unitRepair += unit.causeRatePerHour[c]! * meanRepair(h.repair)));
    rate += unit.totalRatePerHour;
    repairWeighted += unitRepair;
    availability *= 1 / (1 + unitRepair); // λ·MTTR of the unit = Σ_c λ_c · MTTR_c
  }
  scenario.regional.forEach((event, e) => {
    const process = exposure.regional[e]!;
    const hits = process.targets.filter((j) => exposure.targets[j]!.routes.includes(routeIndex)).length;
    const hitRate = process.ratePerHour * event.hitProbability * hits;
    rate += hitRate;
    repairWeighted += hitRate * meanRepair(event.repair);
    availability *= Math.exp(-hitRate * meanRepair(event.repair));
  });
  return { cutsPerYear: rate * HOURS_PER_YEAR, mttr: rate > 0 ? repairWeighted / rate : 0, availability };
}

function describePath(compiled: CompiledScenario, path: Path | null): string {
  if (path === null) return '— (none)';
  const names = path.routes.map((r) => compiled.topology.routeIds[r]).join(' + ');
  return `${names}  (${trim(path.latencyUs / 1000, 4)} ms one way, ${trim(path.bandwidthTbps)} Tbit/s)`;
}

function sitePower(compiled: CompiledScenario): string {
  const kw = compiled.scenario.job.power.kwPerGpu;
  return compiled.scenario.sites
    .filter((s) => compiled.scenario.job.sites.includes(s.id))
    .map((s) => `${s.id} ${trim((s.gpus * kw) / 1000, 3)} MW`)
    .join(', ');
}

export function validateReport(compiled: CompiledScenario): string {
  const { scenario, topology, pairs, job, stepTime } = compiled;
  const out: string[] = [];
  const gpus = jobGpus(scenario);
  out.push(
    `Scenario ${scenario.name}: seed ${scenario.seed}, ${scenario.trials} trials, horizon ${formatDuration(scenario.horizon)}`,
  );
  out.push('');
  out.push('Places');
  out.push(
    formatTable(
      [{ header: 'place' }, { header: 'kind' }, { header: 'GPUs', align: 'right' }, { header: 'in job' }],
      [
        ...scenario.sites.map((s) => [s.id, 'site', String(s.gpus), scenario.job.sites.includes(s.id) ? 'yes' : 'no']),
        ...scenario.junctions.map((j) => [j, 'junction', '', '']),
      ],
    ),
  );
  out.push('');
  out.push('Routes');
  out.push(
    formatTable(
      [
        { header: 'route' },
        { header: 'between' },
        { header: 'km', align: 'right' },
        { header: 'one-way ms', align: 'right' },
        { header: 'Tbit/s', align: 'right' },
        { header: 'SRLGs' },
        { header: 'regions' },
        { header: 'cuts/yr', align: 'right' },
        { header: 'MTTR', align: 'right' },
        { header: 'availability', align: 'right' },
        { header: 'down/yr', align: 'right' },
      ],
      scenario.routes.map((r, i) => {
        const rel = routeReliability(compiled, i);
        return [
          r.id,
          `${r.between[0]}–${r.between[1]}`,
          trim(r.lengthKm),
          trim(topology.routeLatencyUs[i]! / 1000, 4),
          trim(r.capacityTbps),
          r.srlgs.join(',') || '—',
          r.regions.join(',') || '—',
          trim(rel.cutsPerYear, 3),
          formatDuration(rel.mttr),
          percent(rel.availability, 5),
          formatDuration((1 - rel.availability) * HOURS_PER_YEAR),
        ];
      }),
    ),
  );
  if (scenario.srlgs.length > 0) {
    out.push('');
    out.push('Shared risk (SRLG) units: one cut takes down every member');
    out.push(
      formatTable(
        [{ header: 'SRLG' }, { header: 'km', align: 'right' }, { header: 'members' }, { header: 'cuts/yr', align: 'right' }],
        scenario.srlgs.map((s) => {
          const unit = compiled.exposure.units.find((u) => u.label === `srlg ${s.id}`)!;
          const members = scenario.routes.filter((r) => r.srlgs.includes(s.id)).map((r) => r.id);
          return [s.id, trim(s.lengthKm), members.join(', '), trim(unit.totalRatePerHour * HOURS_PER_YEAR, 3)];
        }),
      ),
    );
  }

  out.push(...rareEventsReport(compiled));

  out.push('');
  out.push('Job site pairs: path per scheme');
  const warnings: string[] = [];
  const rows: string[][] = [];
  pairs.forEach((pair, p) => {
    for (const scheme of scenario.schemes) {
      const parts = [`${scheme.kind === 'ideal' || scheme.kind === 'none' ? '' : 'primary '}${describePath(compiled, pair.primary)}`];
      if (scheme.kind === 'one-plus-one' || scheme.kind === 'one-plus-one-restoration')
        parts.push(`backup ${describePath(compiled, pair.backup)}`);
      if (scheme.kind === 'restoration' || scheme.kind === 'one-plus-one-restoration') {
        // The detour the scheme would take with every route of the primary (and backup) cut.
        const restoration = new RestorationPaths(topology, pairs, stepTime, scheme.capacityFraction);
        const cut = denseRoutes(topology.routeWords, pair.primary.routeSet, scheme.kind === 'one-plus-one-restoration' ? (pair.backup?.routeSet ?? null) : null);
        const detour = restoration.pathFor(p, cut);
        const slowest = (i: number) => (i === p ? restoration.comm(detour) : stepTime.pairComm(pairs[i]!.primary, 1));
        const onDetour =
          detour < 0
            ? '— (none)'
            : `${describePath(compiled, restoration.path(detour))} at ${percent(scheme.capacityFraction)} capacity: job rate ${trim(
                stepTime.rateFor(Math.max(...pairs.map((_, i) => slowest(i)))),
              )}`;
        parts.push(`with the ${scheme.kind === 'restoration' ? 'primary' : 'primary and backup'} cut: ${onDetour}`);
      }
      const path = parts.join('; ');
      rows.push([`${pair.from}–${pair.to}`, scheme.id, path]);
    }
    if (scenario.schemes.some((s) => s.kind === 'one-plus-one' || s.kind === 'one-plus-one-restoration')) {
      if (pair.backup === null && pair.routeDisjointOnly !== null)
        warnings.push(
          `warning: ${pair.from}–${pair.to} has no SRLG-disjoint backup; only a route-disjoint one sharing an SRLG (${describePath(compiled, pair.routeDisjointOnly)}); one-plus-one runs it without a backup`,
        );
      else if (pair.backup === null) warnings.push(`warning: ${pair.from}–${pair.to} has no backup path; one-plus-one runs it unprotected`);
    }
  });
  out.push(formatTable([{ header: 'pair' }, { header: 'scheme' }, { header: 'path' }], rows));
  out.push(...warnings);

  out.push('');
  out.push('Step');
  const pairComm = pairs.map((pair) => stepTime.pairComm(pair.primary, 1));
  out.push(
    `  healthy step ${formatDuration(stepTime.idealStep)} (compute ${formatDuration(scenario.job.step.compute)}, slowest pair's WAN time ${formatDuration(Math.max(0, ...pairComm))}${stepTime.jitter > 0 ? ` + latency jitter ${formatDuration(stepTime.jitter)}` : ''}, overlap ${percent(scenario.job.step.overlap)})`,
  );
  if (scenario.job.steps !== null) out.push(`  work: ${scenario.job.steps} steps × ${formatDuration(stepTime.idealStep)} = ${formatDuration(job.work)}`);
  if (scenario.job.networkPjPerBit > 0) {
    const hops = pairs.reduce((n, p) => n + p.primary.routes.length, 0);
    const joulesPerStep = scenario.job.networkPjPerBit * 1e-12 * 8 * scenario.job.step.wanBytes * hops;
    out.push(`  WAN transport energy: ${trim(joulesPerStep / 1e3, 4)} kJ per step (${scenario.job.networkPjPerBit} pJ/bit × ${hops} route traversals per step)`);
  }

  out.push('');
  out.push('Job');
  const write = job.write;
  out.push(`  ${gpus} GPUs over ${scenario.job.sites.length} sites (${sitePower(compiled)}); work W = ${formatDuration(job.work)}`);
  out.push(
    `  checkpoint write ${formatDuration(write)}; restart ${formatDuration(job.restart)}; collective timeout ${formatDuration(job.collectiveTimeout)}; recovery ${formatDuration(job.recovery)}`,
  );
  out.push(`  MTBF from background interruptions: ${formatDuration(compiled.backgroundMtbf)}`);
  if (Number.isFinite(compiled.backgroundMtbf)) {
    const ideal = expectedJct({ work: job.work, interval: job.interval, write, restart: job.restart, mtbf: compiled.backgroundMtbf, meanRepair: job.recovery });
    out.push(`  expected goodput with a perfect network (Daly with recovery, at the interval below): ${percent(job.work / ideal)}`);
  }
  out.push('');
  out.push('Crashes and checkpoint interval per scheme (network MTBF from a pilot run of ≈ 20 000 cuts)');
  out.push(
    formatTable(
      [
        { header: 'scheme' },
        { header: 'network MTBF', align: 'right' },
        { header: 'job MTBF', align: 'right' },
        { header: 'Daly (2006)', align: 'right' },
        { header: 'Young (1974)', align: 'right' },
        { header: 'interval used', align: 'right' },
        { header: 'checkpoints', align: 'right' },
      ],
      scenario.schemes.map((scheme, s) => {
        const { mtbf, networkMtbf } = schemeDalyInterval(compiled, s);
        const finite = Number.isFinite(mtbf) && write > 0;
        return [
          scheme.id,
          formatDuration(networkMtbf),
          formatDuration(mtbf),
          finite ? formatDuration(dalyInterval(write, mtbf)) : '—',
          finite ? formatDuration(youngInterval(write, mtbf)) : '—',
          formatDuration(compiled.jobs[s]!.interval) + (scenario.job.checkpoint.interval === 'daly' ? ' (daly)' : ''),
          String(compiled.jobs[s]!.checkpoints),
        ];
      }),
    ),
  );
  out.push('');
  out.push(`Schemes: ${scenario.schemes.map((s) => `${s.id} (${s.kind})`).join(', ')}`);
  // Ids appear outside tables too (warnings, the power line): escape the whole report.
  return terminalLines(out.join('\n'));
}
