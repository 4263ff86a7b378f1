/**
 * The job state machine of SPEC §3, replayed against one scheme's connectivity view and
 * the trial's background interruptions.
 *
 * The loop advances from event to event: a change of the view's rate, a background
 * interruption, the end of a timed phase, a collective-timeout crash, the horizon.
 * Checkpoints are not events: they fall at known progress k·τ, so between two events
 * the work done — whole run+write cycles and the partial one — is computed
 * arithmetically. This is the hot loop of the whole tool: state lives in locals, and
 * nothing is allocated per event.
 */
import { M } from './metrics.js';
import type { BackgroundMarks } from './background-marks.js';
import type { NetworkTimeline } from './network-timeline.js';
import type { ConnectivityView } from './schemes/connectivity-view.js';
import { STATUS_CENSORED, STATUS_DONE } from './metrics.js';

export const PHASE_RUN = 0;
export const PHASE_CHECKPOINT = 1;
export const PHASE_RESTART = 2;
export const PHASE_RECOVERY = 3;
export const PHASE_WAIT = 4;
export const PHASE_NAMES = ['running', 'checkpointing', 'restarting', 'recovering', 'waiting'] as const;

export type JobEvent =
  | 'stall'
  | 'resume'
  | 'rate'
  | 'crash-network'
  | 'crash-background'
  | 'recovered'
  | 'network-back'
  | 'network-down'
  | 'restart-begin'
  | 'restart-end'
  | 'done'
  | 'censored';

/** Receives the job's events when a trial is traced; null in campaigns. */
export interface JobTracer {
  record(t: number, event: JobEvent, phase: number, rate: number, progress: number, lastCheckpoint: number): void;
}

/** The job's constants, resolved from the scenario. */
export interface JobParameters {
  /** W */
  readonly work: number;
  /** τ (resolved; never 'daly' here) */
  readonly interval: number;
  /** Number of checkpoints: k ≥ 1 with k·τ < W. */
  readonly checkpoints: number;
  /** δ */
  readonly write: number;
  /** R */
  readonly restart: number;
  readonly collectiveTimeout: number;
  readonly recovery: number;
  /** Background interruption rate of the whole job, per active hour (0: none). */
  readonly backgroundRate: number;
  readonly horizon: number;
  /** MWh per wall-clock hour of the job: gpus × kW per GPU / 1000. */
  readonly energyPerHour: number;
}

/** Number of k ≥ 1 with k·τ < W, allowing for rounding in k·τ (a relative 1e-12 of W). */
export function checkpointCount(work: number, interval: number): number {
  const limit = work * (1 - 1e-12);
  let k = Math.max(0, Math.floor(work / interval) - 1);
  while ((k + 1) * interval < limit) k++;
  while (k > 0 && k * interval >= limit) k--;
  return k;
}

export function replayJob(
  job: JobParameters,
  view: ConnectivityView,
  marks: BackgroundMarks,
  timeline: NetworkTimeline,
  out: Float64Array,
  o: number,
  tracer: JobTracer | null,
): number {
  const W = job.work;
  const tau = job.interval;
  const K = job.checkpoints;
  const delta = job.write;
  const R = job.restart;
  const timeout = job.collectiveTimeout;
  const lambda = job.backgroundRate;
  const horizon = job.horizon;
  const recovery = job.recovery;

  let t = 0;
  let phase = PHASE_RUN;
  let p = 0;
  let kDone = 0;
  /** Wall time left in a checkpoint write, restart or recovery. */
  let left = 0;
  let rate = view.rate;
  // Divisions are the slowest arithmetic in the loop: keep reciprocals, refreshed only
  // when the rate changes.
  let preparedRate = rate;
  let invRate = 1 / rate;
  let runPart = tau * invRate;
  let invCycle = 1 / (runPart + delta);
  let stallStart = 0;
  // Active hours left until the next background interruption (hazard marks / λ).
  const invLambda = lambda > 0 ? 1 / lambda : Infinity;
  let markIndex = 0;
  let untilInterrupt = lambda > 0 ? marks.at(0) * invLambda : Infinity;
  let runH = 0;
  let checkpointH = 0;
  let stallH = 0;
  let recoveryH = 0;
  let restartH = 0;
  let degradedH = 0;
  let lostH = 0;
  let crashesNetwork = 0;
  let crashesBackground = 0;
  let done = false;

  for (;;) {
    const tNet = view.nextTime;

    if (phase === PHASE_RECOVERY) {
      // Recovery runs on the wall clock whatever the network does (recovery before stall).
      const tRecovered = t + left;
      if (tRecovered <= tNet && tRecovered < horizon) {
        recoveryH += left;
        t = tRecovered;
        left = 0;
        if (rate > 0) {
          phase = PHASE_RESTART;
          left = R;
          if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
        } else {
          phase = PHASE_WAIT;
          if (tracer !== null) tracer.record(t, 'recovered', phase, rate, p, kDone * tau);
        }
        continue;
      }
      if (tNet < horizon) {
        recoveryH += tNet - t;
        left -= tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (tracer !== null) tracer.record(t, rate > 0 ? 'network-back' : 'network-down', phase, rate, p, kDone * tau);
        continue;
      }
      recoveryH += horizon - t;
      t = horizon;
      break;
    }

    if (phase === PHASE_WAIT) {
      // Crashed and waiting for every required pair to be connected again.
      if (tNet < horizon) {
        stallH += tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (rate > 0) {
          phase = PHASE_RESTART;
          left = R;
          if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
        }
        continue;
      }
      stallH += horizon - t;
      t = horizon;
      break;
    }

    // Active phases: running, writing a checkpoint, restarting.
    if (rate === 0) {
      // Stalled: the phase is paused. A stall lasting the collective timeout crashes
      // the job (ties go to the crash: "at least collective_timeout").
      const tCrash = stallStart + timeout;
      if (tCrash <= tNet && tCrash < horizon) {
        stallH += tCrash - t;
        t = tCrash;
        crashesNetwork++;
        lostH += p - kDone * tau;
        p = kDone * tau;
        phase = PHASE_WAIT;
        left = 0;
        if (tracer !== null) tracer.record(t, 'crash-network', phase, rate, p, kDone * tau);
        continue;
      }
      if (tNet < horizon) {
        stallH += tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (tracer !== null && rate > 0) tracer.record(t, 'resume', phase, rate, p, kDone * tau);
        continue;
      }
      stallH += horizon - t;
      t = horizon;
      break;
    }

    // Connected: work until the next interruption, network change or the horizon.
    if (rate !== preparedRate) {
      preparedRate = rate;
      invRate = 1 / rate;
      runPart = tau * invRate;
      invCycle = 1 / (runPart + delta);
    }
    const tInterrupt = t + untilInterrupt;
    let tEnd = tInterrupt <= tNet ? tInterrupt : tNet;
    if (tEnd > horizon) tEnd = horizon;
    const tStart = t;
    let rem = tEnd - t;

    if (phase === PHASE_RESTART) {
      if (left > rem) {
        left -= rem;
        restartH += rem;
      } else {
        rem -= left;
        restartH += left;
        t += left;
        left = 0;
        phase = PHASE_RUN;
        if (tracer !== null) tracer.record(t, 'restart-end', phase, rate, p, kDone * tau);
      }
    }
    if (phase === PHASE_CHECKPOINT) {
      // A write that completes at the same instant as a crash counts as completed.
      if (left > rem) {
        left -= rem;
        checkpointH += rem;
      } else {
        rem -= left;
        checkpointH += left;
        t += left;
        left = 0;
        kDone++;
        phase = PHASE_RUN;
      }
    }
    if (phase === PHASE_RUN) {
      for (;;) {
        // At a checkpoint boundary (after a write, a restart or at t = 0) first skip the
        // whole run+write cycles that fit before the next event, in one step.
        if (kDone < K && p === kDone * tau) {
          let n = Math.floor(rem * invCycle);
          if (n > K - kDone) n = K - kDone;
          if (n > 0) {
            kDone += n;
            p = kDone * tau;
            const running = n * runPart;
            runH += running;
            if (rate < 1) degradedH += running;
            checkpointH += n * delta;
            const elapsed = running + n * delta;
            t += elapsed;
            rem -= elapsed;
            if (rem < 0) rem = 0;
          }
        }
        const last = kDone >= K;
        const target = last ? W : (kDone + 1) * tau;
        const need = (target - p) * invRate;
        if (need > rem) {
          p += rem * rate;
          runH += rem;
          if (rate < 1) degradedH += rem;
          break;
        }
        rem -= need;
        runH += need;
        if (rate < 1) degradedH += need;
        t += need;
        p = target;
        if (last) {
          done = true;
          break;
        }
        if (delta > rem) {
          phase = PHASE_CHECKPOINT;
          left = delta - rem;
          checkpointH += rem;
          break;
        }
        rem -= delta;
        checkpointH += delta;
        t += delta;
        kDone++;
      }
    }
    if (done) {
      if (tracer !== null) tracer.record(t, 'done', phase, rate, p, kDone * tau);
      break;
    }
    t = tEnd;
    untilInterrupt -= tEnd - tStart;

    if (tEnd >= horizon) break;
    if (tEnd === tInterrupt) {
      // A background interruption crashes the job at once; recovery, then a restart.
      const mark = marks.at(markIndex);
      untilInterrupt = (marks.at(++markIndex) - mark) * invLambda;
      crashesBackground++;
      lostH += p - kDone * tau;
      p = kDone * tau;
      phase = PHASE_RECOVERY;
      left = recovery;
      if (tracer !== null) tracer.record(t, 'crash-background', phase, rate, p, kDone * tau);
      // The common case, recovery over before the network changes: straight to the
      // restart (the same as one turn of the recovery branch above, without the turn).
      const tRecovered = t + recovery;
      if (tRecovered <= tNet && tRecovered < horizon) {
        recoveryH += recovery;
        t = tRecovered;
        phase = PHASE_RESTART;
        left = R;
        if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
      }
    } else if (tEnd === tNet) {
      view.advance();
      const previous = rate;
      rate = view.rate;
      if (rate === 0) {
        stallStart = t;
        if (tracer !== null) tracer.record(t, 'stall', phase, rate, p, kDone * tau);
      } else if (tracer !== null && rate !== previous) tracer.record(t, 'rate', phase, rate, p, kDone * tau);
    } else break;
  }

  const status = done ? STATUS_DONE : STATUS_CENSORED;
  if (!done && tracer !== null) tracer.record(t, 'censored', phase, rate, p, kDone * tau);
  const jct = t;
  out[o + M.jct_h] = jct;
  out[o + M.goodput] = done ? W / jct : p / jct;
  out[o + M.lost_work_h] = lostH;
  out[o + M.run_h] = runH;
  out[o + M.checkpoint_h] = checkpointH;
  out[o + M.stall_h] = stallH;
  out[o + M.recovery_h] = recoveryH;
  out[o + M.restart_h] = restartH;
  out[o + M.degraded_h] = degradedH;
  out[o + M.crashes_network] = crashesNetwork;
  out[o + M.crashes_background] = crashesBackground;
  out[o + M.cuts] = timeline.cutsBefore(jct);
  out[o + M.energy_mwh] = job.energyPerHour * jct;
  out[o + M.wasted_energy_mwh] = job.energyPerHour * (jct - (done ? W : p));
  return status;
}
