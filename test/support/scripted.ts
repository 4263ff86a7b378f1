/**
 * Deterministic inputs for hand-computed traces: a network timeline given as a list of
 * (time, routes down) and background interruptions at given active times.
 */
import { BackgroundMarks } from '../../src/model/background-marks.js';
import { compileScenario, makeView, type CompiledScenario } from '../../src/model/compile-scenario.js';
import { replayJob, PHASE_NAMES, type JobEvent, type JobTracer } from '../../src/model/job-replay.js';
import { METRIC_COUNT, M, type Metric } from '../../src/model/metrics.js';
import { ENTRY_CUT, ENTRY_END, ENTRY_REPAIR, NetworkTimeline } from '../../src/model/network-timeline.js';
import { CAUSE_FIELDS } from '../../src/model/cause-metrics.js';
import type { Scenario } from '../../src/model/scenario.js';
import { replayElastic } from '../../src/model/elastic-replay.js';
import type { ConnectivityView } from '../../src/model/schemes/connectivity-view.js';
import { makeElasticView } from '../../src/model/schemes/elastic-view.js';

export interface ScriptedEntry {
  t: number;
  /** Route ids down after this instant. */
  down: string[];
}

export class ScriptedTimeline extends NetworkTimeline {
  constructor(compiled: CompiledScenario, entries: ScriptedEntry[]) {
    super(compiled.exposure, compiled.scenario.routes.length);
    const index = new Map(compiled.scenario.routes.map((r, i) => [r.id, i]));
    let cuts = 0;
    let previous = 0;
    const rows = [...entries, { t: Infinity, down: [] as string[] }];
    this.time = new Float64Array(rows.length);
    this.downMask = new Int32Array(rows.length);
    this.cumulativeCuts = new Int32Array(rows.length);
    // Every scripted cut is of the scenario's first hazard (cause 0); the rest are repairs.
    this.kind = new Uint8Array(rows.length);
    this.cause = new Int32Array(rows.length);
    rows.forEach((e, i) => {
      const mask = e.t === Infinity ? previous : e.down.reduce((m, id) => m | (1 << index.get(id)!), 0);
      const cut = (mask & ~previous) !== 0;
      if (cut) cuts++; // a new outage counts one cut (an SRLG cut is one cut)
      this.kind[i] = e.t === Infinity ? ENTRY_END : cut ? ENTRY_CUT : ENTRY_REPAIR;
      this.time[i] = e.t;
      this.downMask[i] = mask;
      this.cumulativeCuts[i] = cuts;
      previous = mask;
    });
    this.length = rows.length;
  }
  override ensure(): void {}
  override cutsBefore(t: number): number {
    let i = 0;
    while (this.time[i]! < t) i++;
    return i > 0 ? this.cumulativeCuts[i - 1]! : 0;
  }
}

class ScriptedMarks extends BackgroundMarks {
  constructor(private readonly hazardMarks: number[]) {
    super();
  }
  override at(i: number): number {
    return this.hazardMarks[i] ?? Infinity;
  }
}

export interface TraceRow {
  t: number;
  event: JobEvent;
  phase: string;
  rate: number;
  progress: number;
  lastCheckpoint: number;
}

export interface ScriptedResult {
  events: TraceRow[];
  outcome: Record<Metric, number>;
  status: number;
  /** The cause row (cause-metrics.ts): cuts are not counted here, crashes and lost work are. */
  causes: Float64Array;
}

/**
 * Replays the scenario's scheme `schemeId` on a scripted network and background
 * interruptions at the given cumulative ACTIVE hours.
 */
export function replayScripted(
  scenario: Scenario,
  schemeId: string,
  network: ScriptedEntry[],
  interruptionsAtActiveHours: number[] = [],
): ScriptedResult {
  const compiled = compileScenario(scenario);
  const scheme = scenario.schemes.find((s) => s.id === schemeId)!;
  const view = makeView(compiled, scheme);
  const lambda = compiled.job.backgroundRate;
  return replayWith(compiled, view, network, interruptionsAtActiveHours.map((a) => a * lambda), replayJob);
}

/**
 * Replays the scenario's job under scheme `elastic` (elastic-replay.ts) on a scripted
 * network. Background interruptions are given as FULL-JOB active hours, i.e. hazard
 * marks in units of 1 / λ_full: mark a is reached after a active hours at full size, or
 * after a / share active hours on a group with that share of the GPUs.
 */
export function replayScriptedElastic(
  scenario: Scenario,
  network: ScriptedEntry[],
  interruptionsAtFullActiveHours: number[] = [],
): ScriptedResult {
  const compiled = compileScenario(scenario);
  const view = makeElasticView(compiled);
  const lambda = compiled.job.backgroundRate;
  return replayWith(compiled, view, network, interruptionsAtFullActiveHours.map((a) => a * lambda), replayElastic);
}

function replayWith<V extends ConnectivityView>(
  compiled: CompiledScenario,
  view: V,
  network: ScriptedEntry[],
  hazardMarks: number[],
  replay: (
    job: CompiledScenario['job'],
    view: V,
    marks: BackgroundMarks,
    timeline: NetworkTimeline,
    out: Float64Array,
    o: number,
    causes: Float64Array,
    co: number,
    tracer: JobTracer | null,
  ) => number,
): ScriptedResult {
  const timeline = new ScriptedTimeline(compiled, network);
  const marks = new ScriptedMarks(hazardMarks);
  const events: TraceRow[] = [];
  const tracer: JobTracer = {
    record(t, event, phase, rate, progress, lastCheckpoint) {
      events.push({ t, event, phase: PHASE_NAMES[phase]!, rate, progress, lastCheckpoint });
    },
  };
  view.reset(timeline);
  const out = new Float64Array(METRIC_COUNT);
  const causes = new Float64Array((compiled.exposure.causes.length + compiled.exposure.regional.length) * CAUSE_FIELDS);
  const status = replay(compiled.job, view, marks, timeline, out, 0, causes, 0, tracer);
  const outcome = Object.fromEntries(Object.entries(M).map(([k, i]) => [k, out[i]!])) as Record<Metric, number>;
  return { events, outcome, status, causes };
}
