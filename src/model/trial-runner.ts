/**
 * One trial (SPEC §3–§4): reseed the trial's streams from (seed, trial, stream), draw
 * its network timeline and background interruptions, and replay the job under every
 * scheme on them (common random numbers). A trial is a pure function of its index:
 * nothing carries over from the trial before.
 */
import { BackgroundMarks } from './background-marks.js';
import type { CompiledScenario } from './compile-scenario.js';
import { makeView } from './compile-scenario.js';
import { replayJob, type JobTracer } from './job-replay.js';
import { METRIC_COUNT } from './metrics.js';
import { NetworkTimeline } from './network-timeline.js';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from './random-stream.js';
import type { ConnectivityView } from './schemes/connectivity-view.js';

export class TrialRunner {
  readonly schemeCount: number;
  readonly timeline: NetworkTimeline;
  private readonly views: ConnectivityView[];
  private readonly marks = new BackgroundMarks();
  private readonly networkStream = new RandomStream();
  private readonly backgroundStream = new RandomStream();
  private readonly seed: number;

  constructor(private readonly compiled: CompiledScenario) {
    this.views = compiled.scenario.schemes.map((scheme) => makeView(compiled, scheme));
    this.schemeCount = this.views.length;
    this.timeline = new NetworkTimeline(compiled.exposure, compiled.scenario.routes.length);
    this.seed = compiled.scenario.seed;
  }

  /**
   * Plays trial `trial` under every scheme. Scheme s's outcome row goes to
   * `values[valuesOffset + s * METRIC_COUNT …]`, its status to `status[statusOffset + s]`.
   */
  run(trial: number, values: Float64Array, valuesOffset: number, status: Uint8Array, statusOffset: number): void {
    this.start(trial);
    for (let s = 0; s < this.views.length; s++) {
      const view = this.views[s]!;
      view.reset(this.timeline);
      status[statusOffset + s] = replayJob(
        this.compiled.jobs[s]!,
        view,
        this.marks,
        this.timeline,
        values,
        valuesOffset + s * METRIC_COUNT,
        null,
      );
    }
  }

  /** Plays one scheme of one trial with a tracer (for `trace`); returns the status. */
  trace(trial: number, scheme: number, tracer: JobTracer, values: Float64Array): number {
    this.start(trial);
    const view = this.views[scheme]!;
    view.reset(this.timeline);
    return replayJob(this.compiled.jobs[scheme]!, view, this.marks, this.timeline, values, 0, tracer);
  }

  private start(trial: number): void {
    this.networkStream.reseed(this.seed, trial, STREAM_NETWORK);
    this.backgroundStream.reseed(this.seed, trial, STREAM_BACKGROUND);
    this.timeline.reset(this.networkStream, this.compiled.job.horizon);
    this.marks.reset(this.backgroundStream);
  }
}
