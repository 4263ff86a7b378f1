/**
 * What `scale-across validate` prints: the resolved topology, each job pair's path per
 * scheme, per-route cut rates, MTTR and availability, the job's effective MTBF and
 * Daly's optimum checkpoint interval. On a big network (an imported map) the long tables
 * become summaries of what the job is exposed to (network-summary.ts, pair-paths.ts).
 */
import type { CompiledScenario } from '../../model/compile-scenario.js';
import { jobGpus, schemeDalyInterval } from '../../model/compile-scenario.js';
import { dalyInterval, expectedJct, youngInterval } from '../../model/daly.js';
import { placesSummary, routesSummary, srlgsSummary } from './network-summary.js';
import { pathsPerPair, pathsPerScheme } from './pair-paths.js';
import { ROUTE_COLUMNS, routeRow, SRLG_COLUMNS, srlgRow } from './route-rows.js';
import { rareEventsReport } from './rare-events-report.js';
import { formatDuration, formatTable, percent, trim } from './table.js';
import { terminalLines } from './terminal-text.js';

function sitePower(compiled: CompiledScenario): string {
  const kw = compiled.scenario.job.power.kwPerGpu;
  return compiled.scenario.sites
    .filter((s) => compiled.scenario.job.sites.includes(s.id))
    .map((s) => `${s.id} ${trim((s.gpus * kw) / 1000, 3)} MW`)
    .join(', ');
}

export interface ValidateOptions {
  /** List every place, route and SRLG and every scheme's paths, however big the network. */
  readonly all?: boolean;
}

/**
 * Tables up to this many rows are printed whole; a longer one is summarised unless
 * `--all`. Every hand-written example fits (the old 31-route limit); imported maps do not.
 */
export const FULL_TABLE_ROWS = 30;

export function validateReport(compiled: CompiledScenario, options: ValidateOptions = {}): string {
  const { scenario, pairs, job, stepTime } = compiled;
  const whole = (rows: number) => options.all === true || rows <= FULL_TABLE_ROWS;
  const out: string[] = [];
  const gpus = jobGpus(scenario);
  out.push(
    `Scenario ${scenario.name}: seed ${scenario.seed}, ${scenario.trials} trials, horizon ${formatDuration(scenario.horizon)}`,
  );
  out.push('');
  if (whole(scenario.sites.length + scenario.junctions.length)) {
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
  } else out.push(...placesSummary(compiled));
  out.push('');
  if (whole(scenario.routes.length)) {
    out.push('Routes');
    out.push(formatTable(ROUTE_COLUMNS, scenario.routes.map((_, i) => routeRow(compiled, i))));
  } else out.push(...routesSummary(compiled));
  if (scenario.srlgs.length > 0) {
    out.push('');
    if (whole(scenario.srlgs.length)) {
      out.push('Shared risk (SRLG) units: one cut takes down every member');
      out.push(formatTable(SRLG_COLUMNS, scenario.srlgs.map((_, s) => srlgRow(compiled, s))));
    } else out.push(...srlgsSummary(compiled));
  }

  out.push(...rareEventsReport(compiled));

  out.push('');
  out.push(...(whole(scenario.routes.length) ? pathsPerScheme(compiled) : pathsPerPair(compiled)));

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
