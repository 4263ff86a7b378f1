/**
 * Core benchmark: trials per second of the simulation core alone (TrialRunner on one
 * thread, no aggregation, no files), for the three reference cases of the exact-formula
 * tests and for configs/default.yaml.
 *
 *   (a) M = 24 h, repair ≈ 0, R = 10 min, δ = 5 min, τ = 2 h, W = 500 h (Daly's case)
 *   (b) one route cut every 30 d, lognormal repair (median 8 h, σ 0.9), R = 10 min,
 *       δ = 20 s, τ = 30 min, W = 30 d, collective timeout 0
 *   (c) background interruptions only: job MTBF 3.1 h, recovery 15 min, R = 5 min,
 *       δ = 10 s, τ = 30 min, W = 30 d (≈ 260 interruptions a trial)
 *
 * Each case runs in a fresh worker thread, one after the other, so that the optimising
 * compiler sees that case alone, as in a campaign (code tuned for one scenario and then
 * fed another runs slower for a while). It is warmed up, then run in blocks of about
 * 50 ms for `seconds`; the rate
 * reported is the median block's, which shrugs off the odd block slowed by other
 * processes (the mean rate is reported too). Events are what the loop steps through:
 * background interruptions + network crashes + cuts, summed over the outcome rows of
 * every scheme.
 *
 *   node dist/bench/core-bench.js [seconds per case, default 3]
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadScenarioFile } from '../src/config/index.js';
import { compileScenario } from '../src/model/compile-scenario.js';
import { M, METRIC_COUNT } from '../src/model/metrics.js';
import type { RepairDistribution, Scenario } from '../src/model/scenario.js';
import { TrialRunner } from '../src/model/trial-runner.js';

export interface CoreBenchResult {
  readonly name: string;
  readonly schemes: number;
  /** Trials run in the measured blocks. */
  readonly trials: number;
  readonly seconds: number;
  /** Median over the blocks (see the module comment). */
  readonly trialsPerSecond: number;
  readonly microsPerTrial: number;
  /** Total trials / total time. */
  readonly meanTrialsPerSecond: number;
  readonly eventsPerTrial: number;
  readonly eventsPerSecond: number;
}

const MIN = 1 / 60;
const SEC = 1 / 3600;
const BURIED = { buried: 1, aerial: 0, conduit: 0, submarine: 0 } as const;

interface CaseOptions {
  /** Mean time between cuts of the one route, hours (Infinity: never cut). */
  mtbf: number;
  repair: RepairDistribution;
  work: number;
  interval: number;
  write: number;
  restart: number;
  background?: { mtbfPerGpu: number; recovery: number };
}

/** Two one-GPU sites joined by one 1000 km buried route (as test/model/scenario-builder.ts). */
function singleRoute(name: string, o: CaseOptions): Scenario {
  return {
    name,
    seed: 20261124,
    trials: 1,
    horizon: o.work * 100,
    sites: [
      { id: 'a', gpus: 1 },
      { id: 'b', gpus: 1 },
    ],
    junctions: [],
    routes: [
      {
        id: 'a-b',
        between: ['a', 'b'],
        lengthKm: 1000,
        usPerKm: 4.9,
        deployment: BURIED,
        capacityTbps: 10,
        srlgs: [],
        regions: [],
        jitter: null,
      },
    ],
    srlgs: [],
    hazards: [
      {
        cause: 'excavator',
        ratePer1000KmYear: { ...BURIED, buried: o.mtbf === Infinity ? 0 : 8760 / o.mtbf },
        repair: o.repair,
      },
    ],
    regional: [],
    job: {
      sites: ['a', 'b'],
      work: o.work,
      steps: null,
      step: { compute: 1 / 3600, wanBytes: 0, wanRoundTrips: 0, overlap: 0 },
      checkpoint: { interval: o.interval, write: o.write },
      restart: o.restart,
      collectiveTimeout: 0,
      background: o.background ?? null,
      power: { kwPerGpu: 1 },
      networkPjPerBit: 0,
    },
    schemes: [{ id: 'none', kind: 'none' }],
  };
}

export function coreBenchScenarios(): Scenario[] {
  const defaultYaml = fileURLToPath(new URL('../../configs/default.yaml', import.meta.url));
  return [
    singleRoute('(a) Daly M=24h', {
      mtbf: 24,
      repair: { kind: 'fixed', value: 1e-3 * SEC },
      work: 500,
      interval: 2,
      write: 5 * MIN,
      restart: 10 * MIN,
    }),
    singleRoute('(b) cuts 30d, lognormal repair', {
      mtbf: 720,
      repair: { kind: 'lognormal', median: 8, sigma: 0.9 },
      work: 720,
      interval: 0.5,
      write: 20 * SEC,
      restart: 10 * MIN,
    }),
    singleRoute('(c) background MTBF 3.1h', {
      mtbf: Infinity,
      repair: { kind: 'fixed', value: 0 },
      work: 720,
      interval: 0.5,
      write: 10 * SEC,
      restart: 5 * MIN,
      background: { mtbfPerGpu: 2 * 3.1, recovery: 15 * MIN }, // two one-GPU sites
    }),
    { ...loadScenarioFile(defaultYaml), name: 'configs/default.yaml' },
  ];
}

function benchOne(scenario: Scenario, seconds: number): CoreBenchResult {
  const runner = new TrialRunner(compileScenario(scenario));
  const S = runner.schemeCount;
  const values = new Float64Array(S * METRIC_COUNT);
  const status = new Uint8Array(S);
  let trial = 0;
  let events = 0;
  const runBlock = (n: number): void => {
    for (let i = 0; i < n; i++, trial++) {
      runner.run(trial, values, 0, status, 0);
      for (let s = 0; s < S; s++) {
        const o = s * METRIC_COUNT;
        events += values[o + M.crashes_background]! + values[o + M.crashes_network]! + values[o + M.cuts]!;
      }
    }
  };
  // Warm-up (the optimising compiler), and a block size of about 50 ms.
  let block = 64;
  const warmEnd = performance.now() + Math.min(500, seconds * 200);
  while (performance.now() < warmEnd) {
    const t0 = performance.now();
    runBlock(block);
    const ms = performance.now() - t0;
    if (ms < 25) block *= 2;
  }
  trial = 0;
  events = 0;
  const rates: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    runBlock(block);
    rates.push((block * 1000) / (performance.now() - t0));
  }
  const elapsed = (performance.now() - start) / 1000;
  rates.sort((x, y) => x - y);
  const median = rates[rates.length >> 1]!;
  return {
    name: scenario.name,
    schemes: S,
    trials: trial,
    seconds: elapsed,
    trialsPerSecond: median,
    microsPerTrial: 1e6 / median,
    meanTrialsPerSecond: trial / elapsed,
    eventsPerTrial: events / trial,
    eventsPerSecond: (events / trial) * median,
  };
}

/** Runs every case for `seconds` (after its warm-up), one at a time, each in a fresh thread. */
export async function runCoreBench(seconds = 3): Promise<CoreBenchResult[]> {
  const results: CoreBenchResult[] = [];
  const count = coreBenchScenarios().length;
  for (let index = 0; index < count; index++) {
    results.push(
      await new Promise<CoreBenchResult>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { coreBenchCase: index, seconds } });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`core-bench case ${index}: worker exited with code ${code}`));
        });
      }),
    );
  }
  return results;
}

export function formatCoreBench(results: readonly CoreBenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    String(r.schemes),
    Math.round(r.trialsPerSecond).toLocaleString('en-US'),
    r.microsPerTrial.toFixed(2),
    r.eventsPerTrial.toFixed(1),
    (r.eventsPerSecond / 1e6).toFixed(1),
    Math.round(r.meanTrialsPerSecond).toLocaleString('en-US'),
  ]);
  const head = ['case', 'schemes', 'trials/s', 'µs/trial', 'events/trial', 'Mevents/s', 'mean trials/s'];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

const job = workerData as { coreBenchCase?: number; seconds?: number } | null;
if (!isMainThread && typeof job?.coreBenchCase === 'number') {
  parentPort!.postMessage(benchOne(coreBenchScenarios()[job.coreBenchCase]!, job.seconds ?? 3));
} else if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = Number(process.argv[2] ?? 3);
  runCoreBench(seconds).then(
    (results) => console.log(formatCoreBench(results)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
