/**
 * One trial (docs/model.md#randomness): reseed the trial's streams from (seed, trial, stream), draw
 * its network timeline and background interruptions, and replay the job under every
 * scheme on them (common random numbers). A trial is a pure function of its index:
 * nothing carries over from the trial before.
 *
 * Under importance sampling (docs/model.md#rare-events) a trial also has a weight: the
 * likelihood ratio of its network timeline up to the moment the last scheme's job
 * ended. One weight for all schemes, so paired differences keep their common numbers.
 */
import { BackgroundMarks } from './background-marks.js';
import type { CompiledScenario } from './compile-scenario.js';
import type { JobTracer } from './job-state.js';
import { makeSchemePlay, type SchemePlay } from './schemes/make-view.js';
import { CAUSE_CUTS, CAUSE_FIELDS, firstCutCause } from './cause-metrics.js';
import { M, METRIC_COUNT } from './metrics.js';
import { NetworkTimeline } from './network-timeline.js';
import { ProtectionView } from './schemes/protection-view.js';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from './random-stream.js';

export class TrialRunner {
  readonly schemeCount: number;
  /** Values per scheme of a cause row (cause-metrics.ts): CAUSE_FIELDS per cause. */
  readonly causeWidth: number;
  private readonly hazards: number;
  /** Where cause rows go when the caller does not want them. */
  private readonly scratchCauses: Float64Array;
  readonly timeline: NetworkTimeline;
  private readonly schemes: SchemePlay[];
  private readonly marks = new BackgroundMarks();
  private readonly networkStream = new RandomStream();
  private readonly backgroundStream = new RandomStream();
  private readonly seed: number;
  private readonly weighted: boolean;
  /**
   * When a trial is expected to need no more of its timeline (network-timeline.ts
   * `reset`): 1.3 × the longest job's work, past the end of almost every job (a 30-day
   * job with today's failure rates ends after ≈ 34 days: 1.13 ×). It changes no outcome,
   * only how much of the timeline is drawn and how often a scheme is replayed on more of
   * it: at 1.3 × that is 0.02 % of the Cogent trials and 0.7–2.4 % of the examples'
   * (1.5 × drew ≈ 3 % more of a Cogent trial's timeline for nothing; docs/performance.md).
   */
  private readonly lookahead: number;
  /**
   * Quiet replays (see `run`): scheme s may take its outcome from an earlier scheme of
   * the trial with the same job, the first of which is
   * `quietPeer[s]`; `quietSource[quietPeer[s]]` is, during a trial, the scheme whose
   * replay was quiet (−1: none yet). Null when sharing is off.
   */
  private readonly quietPeer: Int32Array | null;
  private readonly quietSource: Int32Array;
  /**
   * Scheme s (one-plus-one-restoration) → an earlier one-plus-one scheme of the same
   * switchover and job, whose outcome it has while no pair could have needed restoring
   * (see `run`); −1: none.
   */
  private readonly restorationTwin: Int32Array;
  /** Scheme s's view where it has a twin (a ProtectionView with restoration), else null. */
  private readonly twinView: (ProtectionView | null)[];
  /** Replays skipped as quiet, and as a restoration twin's, since construction (for tests and benchmarks). */
  quietCopies = 0;
  twinCopies = 0;

  /**
   * @param lookahead see `lookahead` (tests vary it; outcomes do not depend on it)
   * @param shareReplays copy quiet replays and restoration twins' (see `run`; tests turn it off, outcomes do not depend on it)
   */
  constructor(
    private readonly compiled: CompiledScenario,
    lookahead = 1.3 * Math.max(...compiled.jobs.map((job) => job.work)),
    shareReplays = true,
  ) {
    this.schemes = compiled.scenario.schemes.map((scheme) => makeSchemePlay(compiled, scheme));
    this.schemeCount = this.schemes.length;
    this.quietPeer = shareReplays ? quietPeers(compiled) : null;
    this.restorationTwin = restorationTwins(compiled, this.quietPeer);
    this.twinView = this.schemes.map(({ view }, s) => (this.restorationTwin[s]! >= 0 && view instanceof ProtectionView ? view : null));
    this.quietSource = new Int32Array(this.schemeCount);
    this.timeline = new NetworkTimeline(compiled.exposure, compiled.scenario.routes.length, compiled.scenario.rareEvents ?? null);
    this.seed = compiled.scenario.seed;
    this.weighted = compiled.scenario.rareEvents !== undefined;
    this.lookahead = lookahead;
    this.hazards = compiled.exposure.causes.length;
    this.causeWidth = (this.hazards + compiled.exposure.regional.length) * CAUSE_FIELDS;
    this.scratchCauses = new Float64Array(this.causeWidth);
  }

  /**
   * Plays trial `trial` under every scheme. Scheme s's outcome row goes to
   * `values[valuesOffset + s * METRIC_COUNT …]`, its status to `status[statusOffset + s]`,
   * and, when `causes` is given, its cause row to `causes[causesOffset + s * causeWidth …]`.
   * Returns the trial's likelihood-ratio weight: exactly 1 without importance sampling.
   *
   * Quiet replays are played once. A replay is quiet when its scheme's network does not
   * change before the job ends: the job then never looks at the network (every
   * comparison with the next change comes out as if there were none), so its outcome is
   * that of a job on a network that never fails, whatever the scheme — `ideal`'s, bit
   * for bit, for every scheme with the same job (`elastic` too: its job is that of
   * `none` until it shrinks). On the examples that is a third (Cogent's backbone) to
   * five sixths (the metro triad) of the replays. So once one scheme's replay was
   * quiet, a later scheme whose view starts at full rate and first changes after that
   * job's end takes its outcome row and its cause row (no network crash, the same cuts
   * before the same end) instead of replaying — without even running its view when none
   * of the routes the view watches goes down before that end. The first change must come a relative 10⁻⁹
   * after the end: the last segment of the two replays ends at different instants, and
   * that keeps rounding out of it. Likewise a one-plus-one-restoration scheme takes its
   * one-plus-one twin's rows when no pair had both paths down before the twin's job
   * ended (see `restorationTwins`). `test/model/quiet-replays.test.ts` checks every row
   * bit for bit against replaying every scheme.
   */
  run(
    trial: number,
    values: Float64Array,
    valuesOffset: number,
    status: Uint8Array,
    statusOffset: number,
    causes: Float64Array | null = null,
    causesOffset = 0,
  ): number {
    this.start(trial);
    const peers = this.quietPeer;
    const sources = this.quietSource;
    sources.fill(-1);
    // The last job's end: every outcome of the trial is known by then (a stopping time).
    let end = 0;
    for (let s = 0; s < this.schemes.length; s++) {
      const view = this.schemes[s]!.view;
      const row = causes ?? this.scratchCauses;
      const co = causes ? causesOffset + s * this.causeWidth : 0;
      const o = valuesOffset + s * METRIC_COUNT;
      const source = peers === null ? -1 : sources[peers[s]!]!;
      const oSource = valuesOffset + source * METRIC_COUNT;
      // The scheme whose outcome this one has without replaying (−1: none), the cheapest
      // test first: quiet because none of the routes its view watches goes down before
      // the quiet end; a one-plus-one-restoration scheme whose pairs could not have
      // needed restoring before its one-plus-one twin's job ended; quiet because its
      // view, run, first changes after the quiet end all the same.
      const twin = this.restorationTwin[s]!;
      const twinView = this.twinView[s]!;
      let copyFrom = -1;
      let viewReset = false;
      if (source >= 0 && !this.timeline.downBy(view.watched, values[oSource + M.jct_h]! * QUIET_MARGIN)) copyFrom = source;
      else if (twinView !== null && !twinView.mayRestoreBy(this.timeline, values[valuesOffset + twin * METRIC_COUNT + M.jct_h]! * QUIET_MARGIN)) copyFrom = twin;
      else if (source >= 0) {
        view.reset(this.timeline);
        viewReset = true;
        if (isQuiet(view, values[oSource + M.jct_h]!)) copyFrom = source;
      }
      if (copyFrom >= 0) {
        const oFrom = valuesOffset + copyFrom * METRIC_COUNT;
        values.copyWithin(o, oFrom, oFrom + METRIC_COUNT);
        status[statusOffset + s] = status[statusOffset + copyFrom]!;
        const jct = values[o + M.jct_h]!;
        if (end < jct) end = jct;
        if (copyFrom === source) this.quietCopies++;
        else this.twinCopies++;
        // Its cause row too: the same network crashes, the same cuts before the same end.
        if (causes) {
          const coFrom = causesOffset + copyFrom * this.causeWidth;
          causes.copyWithin(co, coFrom, coFrom + this.causeWidth);
        }
        continue;
      }
      if (!viewReset) view.reset(this.timeline);
      row.fill(0, co, co + this.causeWidth);
      let startsAtFullRate = view.rate === 1;
      let firstChange = view.nextTime;
      status[statusOffset + s] = this.replay(s, values, o, row, co, null);
      let jct = values[o + M.jct_h]!;
      if (!this.timeline.covers(jct)) {
        // The job ran past the timeline drawn so far: draw the rest and play it again.
        this.timeline.extendToHorizon();
        view.reset(this.timeline);
        startsAtFullRate = view.rate === 1;
        firstChange = view.nextTime;
        row.fill(0, co, co + this.causeWidth);
        status[statusOffset + s] = this.replay(s, values, o, row, co, null);
        jct = values[o + M.jct_h]!;
      }
      if (peers !== null && sources[peers[s]!]! < 0 && startsAtFullRate && firstChange > jct * QUIET_MARGIN) sources[peers[s]!] = s;
      if (jct > end) end = jct;
      if (causes) this.countCutsByCause(jct, causes, co);
    }
    return this.weighted ? Math.exp(this.timeline.logWeightAt(end)) : 1;
  }

  /** Trial `trial`'s weight alone (for `trace`): plays every scheme, keeps nothing else. */
  weight(trial: number): number {
    const S = this.schemeCount;
    return this.run(trial, new Float64Array(S * METRIC_COUNT), 0, new Uint8Array(S), 0);
  }

  /**
   * Plays trials first … first + count − 1 into consecutive rows (offsets as `run`, from
   * 0), trial first + i's weight into `weights[i]`. A method of its own, called once per shard, so that the long loop is optimised
   * here, small, instead of by on-stack replacement of the caller's frame every shard
   * (which V8 recompiled, with everything it inlines, about ten times per worker).
   * `beforeTrial` (fault injection in tests) may throw; it is null otherwise.
   * `this.playing` tells which trial was being played if something threw. Nothing
   * follows the loop: code after a loop that V8 compiled on the stack (OSR) has no type
   * feedback yet, and reaching it would throw that compilation away.
   */
  runRange(
    first: number,
    count: number,
    values: Float64Array,
    status: Uint8Array,
    causes: Float64Array,
    weights: Float64Array,
    beforeTrial: ((trial: number) => void) | null,
  ): void {
    const S = this.schemeCount;
    const width = S * this.causeWidth;
    for (let i = 0; i < count; i++) {
      const trial = first + i;
      this.playing = trial;
      if (beforeTrial !== null) beforeTrial(trial);
      weights[i] = this.run(trial, values, i * S * METRIC_COUNT, status, i * S, causes, i * width);
    }
  }

  /** The trial `runRange` is playing (the one that threw, if one did). */
  playing = -1;

  /** Scheme s's job replay (chosen with its view, schemes/make-view.ts). */
  private replay(s: number, values: Float64Array, o: number, causes: Float64Array, co: number, tracer: JobTracer | null): number {
    return this.schemes[s]!.replay(this.compiled.jobs[s]!, this.marks, this.timeline, values, o, causes, co, tracer);
  }

  /** Cuts of each cause before the job's end (the job's outcome has their total). */
  private countCutsByCause(end: number, causes: Float64Array, co: number): void {
    const tl = this.timeline;
    for (let i = 0; i < tl.length && tl.time[i]! < end; i++) {
      const cause = firstCutCause(tl, i, i, this.hazards);
      if (cause >= 0) causes[co + cause * CAUSE_FIELDS + CAUSE_CUTS]! += 1;
    }
  }

  /**
   * Plays one scheme of one trial with a tracer (for `trace`); returns the status. With
   * `until`, the job is stopped there as at the horizon: its `censored` row is then its
   * state just before that instant (what a trace shows beside a network event the job
   * does not see).
   */
  trace(trial: number, scheme: number, tracer: JobTracer, values: Float64Array, until = Infinity): number {
    this.start(trial);
    this.timeline.extendToHorizon();
    this.schemes[scheme]!.view.reset(this.timeline);
    this.scratchCauses.fill(0);
    const job = this.compiled.jobs[scheme]!;
    const stopped = until < job.horizon ? { ...job, horizon: until } : job;
    return this.schemes[scheme]!.replay(stopped, this.marks, this.timeline, values, 0, this.scratchCauses, 0, tracer);
  }

  private start(trial: number): void {
    this.networkStream.reseed(this.seed, trial, STREAM_NETWORK);
    this.backgroundStream.reseed(this.seed, trial, STREAM_BACKGROUND);
    this.timeline.reset(this.networkStream, this.compiled.job.horizon, this.lookahead);
    this.marks.reset(this.backgroundStream);
  }
}

/**
 * How far past a quiet job's end its scheme's first network change must come: a
 * relative 10⁻⁹ (a few milliseconds of a 30-day job), against rounding errors of order
 * 10⁻¹⁵ in the last segment's arithmetic, where the two replays' segment ends differ.
 */
const QUIET_MARGIN = 1 + 1e-9;

/**
 * Whether a scheme's view, just reset, leaves its job quiet up to `jct` — at rate 1
 * until a first change that comes after it — so that its replay is that of a job whose
 * network never changes, which ended at `jct`.
 */
function isQuiet(view: { readonly rate: number; readonly nextTime: number }, jct: number): boolean {
  return view.rate === 1 && view.nextTime > jct * QUIET_MARGIN;
}

/**
 * Scheme s → the first scheme with the same job parameters: their quiet replays are one
 * and the same (see `TrialRunner.run`; the elastic replay's too, which is the plain
 * one's until the job shrinks).
 */
function quietPeers(compiled: CompiledScenario): Int32Array {
  const schemes = compiled.scenario.schemes;
  const key = (s: number) => JSON.stringify(compiled.jobs[s]);
  const peers = new Int32Array(schemes.length);
  for (let s = 0; s < schemes.length; s++) {
    let first = 0;
    while (key(first) !== key(s)) first++;
    peers[s] = first;
  }
  return peers;
}

/**
 * Scheme s → the first earlier `one-plus-one` scheme with the same switchover and the
 * same job, when s is `one-plus-one-restoration` (−1 otherwise, or with sharing off):
 * the two views move their pairs alike until some pair's primary and backup are down
 * at once (ProtectionView.mayRestoreBy), so until then the two jobs are one.
 */
function restorationTwins(compiled: CompiledScenario, peers: Int32Array | null): Int32Array {
  const schemes = compiled.scenario.schemes;
  const twins = new Int32Array(schemes.length).fill(-1);
  if (peers === null) return twins;
  for (let s = 0; s < schemes.length; s++) {
    const scheme = schemes[s]!;
    if (scheme.kind !== 'one-plus-one-restoration') continue;
    for (let q = 0; q < s; q++) {
      const other = schemes[q]!;
      if (other.kind === 'one-plus-one' && other.switchover === scheme.switchover && peers[q] === peers[s]) {
        twins[s] = q;
        break;
      }
    }
  }
  return twins;
}
