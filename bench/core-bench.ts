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
 * fed another runs slower for a while). It is warmed up (0.5 s of CPU), then run in
 * blocks of about 50 ms until it has used `seconds` of CPU; the rate reported is the
 * median block's, which shrugs off the odd block slowed by other processes (the mean
 * rate is reported too), per second of wall time and per second of the process's CPU
 * time (what one worker does with a core it has to itself: on a shared machine the
 * wall-clock rate mostly measures the other processes). Events are what the loop steps through:
 * background interruptions + network crashes + cuts, summed over the outcome rows of
 * every scheme.
 *
 *   node dist/bench/core-bench.js [seconds per case, default 3]
 *
 * Before/after: `--compare DIR` runs case (c) and configs/default.yaml of this build
 * and of another build of the project (a checkout in DIR, built with `npm ci`) in
 * interleaved rounds — A B, then B A, … — each in a fresh thread, and prints the
 * median of the rounds per build (trials per CPU second, and per wall second) and their
 * ratio. Both run in this harness: only the model (DIR/dist/src/…, and DIR's configs)
 * differs. On a shared machine only such a side-by-side run says whether a change cost
 * speed.
 *
 *   git worktree add --detach /tmp/model-old <commit> && (cd /tmp/model-old && npm ci)
 *   node dist/bench/core-bench.js --compare /tmp/model-old [seconds per case, default 2] [rounds, default 7]
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadScenarioFile } from '../src/config/index.js';
import type { compileScenario } from '../src/model/compile-scenario.js';
import type { M, METRIC_COUNT } from '../src/model/metrics.js';
import type { Scenario } from '../src/model/scenario.js';
import type { TrialRunner } from '../src/model/trial-runner.js';
import { median } from './median.js';

/** The simulation core of a build (this one, or another checkout's, for `--compare`). */
interface Model {
  readonly loadScenarioFile: typeof loadScenarioFile;
  readonly compileScenario: typeof compileScenario;
  readonly TrialRunner: typeof TrialRunner;
  readonly M: typeof M;
  readonly METRIC_COUNT: typeof METRIC_COUNT;
}

/** The checkout this script was built in (dist/bench/ → the root). */
const THIS_ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function loadModel(root: string): Promise<Model> {
  const at = (path: string) => import(pathToFileURL(`${root.replace(/\/$/, '')}/dist/src/${path}`).href);
  const [config, compile, runner, metrics] = await Promise.all([at('config/index.js'), at('model/compile-scenario.js'), at('model/trial-runner.js'), at('model/metrics.js')]);
  return { loadScenarioFile: config.loadScenarioFile, compileScenario: compile.compileScenario, TrialRunner: runner.TrialRunner, M: metrics.M, METRIC_COUNT: metrics.METRIC_COUNT };
}

export interface CoreBenchResult {
  readonly name: string;
  readonly schemes: number;
  /** Trials run in the measured blocks. */
  readonly trials: number;
  readonly seconds: number;
  /** Median over the blocks (see the module comment). */
  readonly trialsPerSecond: number;
  /** Median over the blocks of trials per second of the process's CPU time. */
  readonly trialsPerCpuSecond: number;
  readonly microsPerTrial: number;
  /** Total trials / total time. */
  readonly meanTrialsPerSecond: number;
  readonly eventsPerTrial: number;
  readonly eventsPerSecond: number;
}

export function coreBenchScenarios(root = THIS_ROOT, load: typeof loadScenarioFile = loadScenarioFile): Scenario[] {
  // The exact-formula cases as the validation scenarios describe them (the tests check
  // that these files encode the cases of docs/model.md#exact-checks), then the default campaign.
  const config = (path: string) => `${root.replace(/\/$/, '')}/${path}`;
  const loadScenarioFile = load;
  return [
    { ...loadScenarioFile(config('configs/validation/daly-a.yaml')), name: '(a) Daly M=24h' },
    { ...loadScenarioFile(config('configs/validation/daly-b.yaml')), name: '(b) cuts 30d, lognormal repair' },
    { ...loadScenarioFile(config('configs/validation/daly-c.yaml')), name: '(c) background MTBF 3.1h' },
    { ...loadScenarioFile(config('configs/default.yaml')), name: 'configs/default.yaml' },
  ];
}

/** CPU seconds this process has used. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function benchOne(model: Model, scenario: Scenario, seconds: number): CoreBenchResult {
  const { M, METRIC_COUNT } = model;
  const runner = new model.TrialRunner(model.compileScenario(scenario));
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
  // Warm-up (the optimising compiler), and a block size of about 50 ms. Counted in CPU
  // time: on a loaded machine half a second of wall time may be a few ms of work.
  let block = 64;
  const warmEnd = cpuSeconds() + Math.min(0.5, seconds * 0.2);
  while (cpuSeconds() < warmEnd) {
    const t0 = performance.now();
    runBlock(block);
    const ms = performance.now() - t0;
    if (ms < 25) block *= 2;
  }
  trial = 0;
  events = 0;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const start = performance.now();
  const end = cpuSeconds() + seconds;
  for (;;) {
    const c0 = cpuSeconds();
    if (c0 >= end) break;
    const t0 = performance.now();
    runBlock(block);
    rates.push((block * 1000) / (performance.now() - t0));
    cpuRates.push(block / (cpuSeconds() - c0));
  }
  const elapsed = (performance.now() - start) / 1000;
  const medianRate = median(rates);
  return {
    name: scenario.name,
    schemes: S,
    trials: trial,
    seconds: elapsed,
    trialsPerSecond: medianRate,
    trialsPerCpuSecond: median(cpuRates),
    microsPerTrial: 1e6 / medianRate,
    meanTrialsPerSecond: trial / elapsed,
    eventsPerTrial: events / trial,
    eventsPerSecond: (events / trial) * medianRate,
  };
}

/** Runs case `index` of the core bench of the build at `root` in a fresh thread of this script. */
function benchInThread(root: string, index: number, seconds: number): Promise<CoreBenchResult> {
  return new Promise<CoreBenchResult>((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { coreBenchCase: index, seconds, root } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`core-bench case ${index}: worker exited with code ${code}`));
    });
  });
}

/** Runs every case for `seconds` (after its warm-up), one at a time, each in a fresh thread. */
export async function runCoreBench(seconds = 3): Promise<CoreBenchResult[]> {
  const results: CoreBenchResult[] = [];
  const count = coreBenchScenarios().length;
  for (let index = 0; index < count; index++) results.push(await benchInThread(THIS_ROOT, index, seconds));
  return results;
}

/** The cases the before/after comparison runs: (c) and configs/default.yaml. */
const COMPARED_CASES = [2, 3];

export interface CoreComparison {
  readonly name: string;
  /** Median trials per CPU second over the rounds: this build, the other. */
  readonly current: number;
  readonly other: number;
  /** Every round's trials per CPU second, in order. */
  readonly currentRounds: number[];
  readonly otherRounds: number[];
  /** Median trials per wall second over the rounds: this build, the other. */
  readonly currentWall: number;
  readonly otherWall: number;
}

/**
 * This build against the build in `otherRoot`, case by case, in `rounds` interleaved
 * rounds (the order of the two alternates from round to round, so that neither always
 * runs first after the other has heated the machine).
 */
export async function compareCoreBench(otherRoot: string, seconds = 2, rounds = 7): Promise<CoreComparison[]> {
  const current = THIS_ROOT;
  const other = otherRoot;
  const names = coreBenchScenarios().map((s) => s.name);
  const comparisons: CoreComparison[] = [];
  for (const index of COMPARED_CASES) {
    const currentRounds: number[] = [];
    const otherRounds: number[] = [];
    const currentWall: number[] = [];
    const otherWall: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [current, other] : [other, current];
      for (const root of order) {
        const result = await benchInThread(root, index, seconds);
        (root === current ? currentRounds : otherRounds).push(result.trialsPerCpuSecond);
        (root === current ? currentWall : otherWall).push(result.trialsPerSecond);
      }
    }
    comparisons.push({
      name: names[index]!,
      current: median(currentRounds),
      other: median(otherRounds),
      currentRounds,
      otherRounds,
      currentWall: median(currentWall),
      otherWall: median(otherWall),
    });
  }
  return comparisons;
}

export function formatComparison(comparisons: readonly CoreComparison[], otherRoot: string): string {
  const rate = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = comparisons.map(
    (c) =>
      `${c.name.padEnd(30)}  ${rate(c.current).padStart(10)}  ${rate(c.other).padStart(10)}  ${((c.current / c.other - 1) * 100).toFixed(1).padStart(6)} %` +
      `\n${''.padEnd(30)}  rounds this: ${c.currentRounds.map(rate).join(' ')}\n${''.padEnd(30)}  rounds other: ${c.otherRounds.map(rate).join(' ')}` +
      `\n${''.padEnd(30)}  per wall second: ${rate(c.currentWall)} vs ${rate(c.otherWall)} (${((c.currentWall / c.otherWall - 1) * 100).toFixed(1)} %)`,
  );
  return [
    `median trials per CPU second of one thread: this build vs ${otherRoot}`,
    `${'case'.padEnd(30)}  ${'this'.padStart(10)}  ${'other'.padStart(10)}  change`,
    ...lines,
  ].join('\n');
}

export function formatCoreBench(results: readonly CoreBenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    String(r.schemes),
    Math.round(r.trialsPerSecond).toLocaleString('en-US'),
    Math.round(r.trialsPerCpuSecond).toLocaleString('en-US'),
    r.microsPerTrial.toFixed(2),
    r.eventsPerTrial.toFixed(1),
    (r.eventsPerSecond / 1e6).toFixed(1),
    Math.round(r.meanTrialsPerSecond).toLocaleString('en-US'),
  ]);
  const head = ['case', 'schemes', 'trials/s', 'trials/CPU s', 'µs/trial', 'events/trial', 'Mevents/s', 'mean trials/s'];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

const job = workerData as { coreBenchCase?: number; seconds?: number; root?: string } | null;
if (!isMainThread && typeof job?.coreBenchCase === 'number') {
  const root = job.root ?? THIS_ROOT;
  const model = await loadModel(root);
  parentPort!.postMessage(benchOne(model, coreBenchScenarios(root, model.loadScenarioFile)[job.coreBenchCase]!, job.seconds ?? 3));
} else if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const compare = args.indexOf('--compare');
  if (compare >= 0) {
    const otherRoot = args[compare + 1]!;
    const rest = args.filter((_, i) => i !== compare && i !== compare + 1);
    compareCoreBench(otherRoot, Number(rest[0] ?? 2), Number(rest[1] ?? 7)).then(
      (comparisons) => console.log(formatComparison(comparisons, otherRoot)),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  } else {
  const seconds = Number(args[0] ?? 3);
  runCoreBench(seconds).then(
    (results) => console.log(formatCoreBench(results)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
  }
}
