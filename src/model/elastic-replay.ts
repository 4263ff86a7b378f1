/**
 * The job state machine under scheme `elastic` (SPEC §3 "further kinds"): when a
 * partition outlasts the collective timeout the job crashes and rolls back as usual,
 * then restarts on the largest connected group of sites and runs at that group's share
 * of the GPUs until the network is whole again, when it re-expands at the next
 * checkpoint, paying a restart.
 *
 * Semantics, as implemented:
 * - Connectivity is that of `none` (schemes/elastic-view.ts): a pair of job sites is
 *   connected iff every route of its primary is up. A group of sites is usable iff every
 *   pair in it is connected; a single site is always usable (it needs no WAN).
 * - "Largest" group, following the issue literally: most sites; ties → more GPUs; then
 *   scenario order (the group whose first differing site comes first in `sites:`).
 * - FULL mode (the group of every job site) is exactly the job of scheme `none`: rate 1
 *   while every pair is connected, a stall (every phase paused) otherwise, a crash at
 *   stall start + collective_timeout, rollback to the last completed checkpoint.
 * - The group is chosen when a restart begins — after a network crash at once, after a
 *   background interruption when the recovery ends, and at a re-expansion — from the
 *   network at that instant (a network change at the same instant is taken first): the
 *   whole job if the network is whole, else the largest usable group. The job never
 *   waits for a repair: a group always exists, so `stall_h` holds only paused phases.
 *   In particular a recovery that ends during a partition (even one shorter than the
 *   timeout) restarts shrunk at once, where `none` would wait for the repair.
 * - Hence an elastic trial is identical to `none` until the first restart that begins
 *   on a partitioned network (after a network crash, or after a recovery as above);
 *   a trial without one is the trial of `none`.
 * - SHRUNK mode (a group smaller than the job): progress rate = share = group GPUs / job
 *   GPUs; background interruption rate = λ_full × share (the GPUs in use; on the shared
 *   cumulative-hazard marks, the job reaches mark H after H / (λ_full · share) active
 *   hours, the hazard accrued so far being kept across a change of group). Only the
 *   pairs inside the group matter: a stall happens iff one of them disconnects, with
 *   the usual timeout rule; a crash (network or background) restarts on the group
 *   chosen then (which may differ). The checkpoint interval τ stays in progress hours
 *   (a shrunk segment takes τ / share wall hours), writes and restarts take δ and R.
 * - A site becoming reachable while the network is not whole changes nothing: the job
 *   stays on its group until a crash or the network is whole.
 * - Network whole again while SHRUNK: the job keeps running on its group until the next
 *   checkpoint write completes (a write under way counts), then restarts (R, counted as
 *   restart_h, paused / crashed as any restart) in FULL mode at that checkpoint, losing
 *   nothing. It re-expands only if the network is still whole when the write completes;
 *   if it is partitioned again by then, it waits for the next whole period. In the last
 *   segment (no checkpoint left before W) it finishes on its group. If the network
 *   becomes whole during a shrunk restart, the job is at its checkpoint with nothing to
 *   save, so that restart is abandoned (the part done counts as restart_h) and a FULL
 *   restart begins at once.
 * - Outcome: every metric of metrics.ts, the time accounting as for other schemes
 *   (run + checkpoint + stall + recovery + restart = jct). `degraded_h` = running time in
 *   shrunk mode (rate share < 1). `run_h` is wall time, so with shrinking
 *   W + lost_work_h = Σ rate × running time < run_h. Energy counts every GPU of the job
 *   (idle ones too): energy_mwh = job MWh per hour × jct, wasted on jct − W, as other
 *   schemes. network_energy_mwh is charged as for other schemes (every pair's traffic
 *   per progress hour executed), an overestimate while shrunk.
 * - Cause rows as in job-replay: a network crash and its lost work go to the cause of
 *   the cut that began the stall (the first cut at that instant that took down a route
 *   the running group needs).
 * - Trace events are those of job-replay: `restart-begin` carries the new rate (the
 *   share: < 1 means shrunk), `network-back` / `network-down` mark the network becoming
 *   whole / partitioned while shrunk or recovering; a network crash is recorded in phase
 *   `waiting` for an instant (the restart begins at the same time).
 *
 * Like job-replay's general path, checkpoints are not events (the work between two
 * events, whole run+write cycles included, is computed arithmetically), state lives in
 * locals and nothing is allocated per event. There is no closed-form fast loop.
 */
import { CAUSE_CRASHES, CAUSE_FIELDS, CAUSE_LOST } from './cause-metrics.js';
import type { BackgroundMarks } from './background-marks.js';
import { PHASE_CHECKPOINT, PHASE_RECOVERY, PHASE_RESTART, PHASE_RUN, PHASE_WAIT, type JobParameters, type JobTracer } from './job-replay.js';
import { M, STATUS_CENSORED, STATUS_DONE } from './metrics.js';
import type { NetworkTimeline } from './network-timeline.js';
import type { ElasticView } from './schemes/elastic-view.js';

export function replayElastic(
  job: JobParameters,
  view: ElasticView,
  marks: BackgroundMarks,
  timeline: NetworkTimeline,
  out: Float64Array,
  o: number,
  causes: Float64Array,
  co: number,
  tracer: JobTracer | null,
): number {
  const RUN = PHASE_RUN;
  const CHECKPOINT = PHASE_CHECKPOINT;
  const RESTART = PHASE_RESTART;
  const RECOVERY = PHASE_RECOVERY;
  /** Internal: a restart is to begin at t on the group chosen then (never traced). */
  const BEGIN = 5;
  const W = job.work;
  const tau = job.interval;
  const K = job.checkpoints;
  const delta = job.write;
  const R = job.restart;
  const timeout = job.collectiveTimeout;
  const lambda = job.backgroundRate;
  const horizon = job.horizon;
  const recovery = job.recovery;
  const fullMask = view.fullMask;
  const totalGpus = view.totalGpus;

  let t = 0;
  let phase = RUN;
  let p = 0;
  let kDone = 0;
  let left = 0;
  // The group run on: its sites, the routes its pairs need, its share of the GPUs.
  let groupRoutes = view.requiredRoutes;
  let shrunk = false;
  let share = 1;
  // Network state: whole (every pair connected); the group connected (no stall).
  let whole = view.downMask === 0;
  let connected = true;
  let stallStart = 0;
  let stallCause = -1;

  let preparedRate = 1;
  let invRate = 1;
  let runPart = tau;
  let cycle = runPart + delta;
  let invCycle = 1 / cycle;

  // Background interruptions: active hours left until the next one at the current
  // share; the marks are on the full job's cumulative-hazard clock.
  let invLambda = Infinity;
  let markIndex = 0;
  let mark = Infinity;
  if (lambda > 0) {
    invLambda = 1 / lambda;
    mark = +marks.at(0);
  }
  let invLambdaNow = invLambda;
  let untilInterrupt = mark * invLambda;

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

  main: for (;;) {
    const tNet = view.nextTime;

    if (phase === BEGIN) {
      if (tNet !== t) {
        // Restart on the whole job if the network is whole, else on the largest group.
        const group = whole ? fullMask : view.largestGroup();
        const newShare = group === fullMask ? 1 : view.groupGpus(group) / totalGpus;
        shrunk = group !== fullMask;
        groupRoutes = shrunk ? view.groupRoutes(group) : view.requiredRoutes;
        if (newShare !== share) {
          // Keep the hazard accrued: the active time left scales with 1 / rate.
          untilInterrupt *= share / newShare;
          invLambdaNow = invLambda / newShare;
          share = newShare;
        }
        connected = (view.downMask & groupRoutes) === 0; // true: the group is usable
        phase = RESTART;
        left = R;
        if (tracer !== null) tracer.record(t, 'restart-begin', phase, share, p, kDone * tau);
        continue;
      }
      // The network changes at this very instant: take the change first (below).
    } else if (phase === RECOVERY) {
      // Recovery runs on the wall clock whatever the network does (recovery before stall).
      const tRecovered = t + left;
      if (tRecovered <= tNet && tRecovered < horizon) {
        recoveryH += left;
        t = tRecovered;
        left = 0;
        phase = BEGIN;
        if (t !== tNet) continue;
      } else if (tNet < horizon) {
        recoveryH += tNet - t;
        left -= tNet - t;
        t = tNet;
      } else {
        recoveryH += horizon - t;
        t = horizon;
        break;
      }
    } else if (!connected) {
      // Stalled: the phase is paused; a stall lasting the timeout crashes the job.
      const tCrash = stallStart + timeout;
      if (tCrash <= tNet && tCrash < horizon) {
        stallH += tCrash - t;
        t = tCrash;
        crashesNetwork++;
        const lost = p - kDone * tau;
        lostH += lost;
        if (stallCause >= 0) {
          causes[co + stallCause * CAUSE_FIELDS + CAUSE_CRASHES]! += 1;
          causes[co + stallCause * CAUSE_FIELDS + CAUSE_LOST]! += lost;
        }
        p = kDone * tau;
        left = 0;
        phase = BEGIN;
        if (tracer !== null) tracer.record(t, 'crash-network', PHASE_WAIT, 0, p, kDone * tau);
        if (t !== tNet) continue;
      } else if (tNet < horizon) {
        stallH += tNet - t;
        t = tNet;
      } else {
        stallH += horizon - t;
        t = horizon;
        break;
      }
    } else {
      // Connected: work at rate `share` until the next interruption, network change or
      // the horizon — or, shrunk on a whole network, until the next checkpoint completes.
      const rate = share;
      if (rate !== preparedRate) {
        preparedRate = rate;
        invRate = 1 / rate;
        runPart = tau * invRate;
        cycle = runPart + delta;
        invCycle = 1 / cycle;
      }
      const degraded = rate < 1;
      const expandAtCheckpoint = shrunk && whole;
      let expand = false;
      const tInterrupt = t + untilInterrupt;
      let tEnd = tInterrupt <= tNet ? tInterrupt : tNet;
      if (tEnd > horizon) tEnd = horizon;
      const tStart = t;
      let rem = tEnd - t;

      if (phase === RESTART) {
        if (left > rem) {
          left -= rem;
          restartH += rem;
        } else {
          rem -= left;
          restartH += left;
          t += left;
          left = 0;
          phase = RUN;
          if (tracer !== null) tracer.record(t, 'restart-end', phase, rate, p, kDone * tau);
        }
      }
      if (phase === CHECKPOINT) {
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
          phase = RUN;
          expand = expandAtCheckpoint;
        }
      }
      if (phase === RUN && !expand) {
        for (;;) {
          // Whole run+write cycles in one step (not when the next checkpoint re-expands).
          if (!expandAtCheckpoint && kDone < K && p === kDone * tau) {
            let n = Math.floor(rem * invCycle);
            if (n > K - kDone) n = K - kDone;
            kDone += n;
            p = kDone * tau;
            const running = n * runPart;
            runH += running;
            if (degraded) degradedH += running;
            checkpointH += n * delta;
            const elapsed = running + n * delta;
            t += elapsed;
            rem -= elapsed;
            if (rem < 0) rem = 0;
          }
          const last = kDone >= K;
          const target = last ? W : (kDone + 1) * tau;
          const need = (target - p) * invRate;
          if (need > rem) {
            p += rem * rate;
            runH += rem;
            if (degraded) degradedH += rem;
            break;
          }
          rem -= need;
          runH += need;
          if (degraded) degradedH += need;
          t += need;
          p = target;
          if (last) {
            done = true;
            break;
          }
          if (delta > rem) {
            phase = CHECKPOINT;
            left = delta - rem;
            checkpointH += rem;
            break;
          }
          rem -= delta;
          checkpointH += delta;
          t += delta;
          kDone++;
          if (expandAtCheckpoint) {
            expand = true;
            break;
          }
        }
      }
      if (done) {
        if (tracer !== null) tracer.record(t, 'done', phase, rate, p, kDone * tau);
        break main;
      }
      if (expand) {
        // Checkpoint kDone is written and the network is whole: restart on every site.
        // (t sums the pieces, so rounding may put it an ulp past tEnd: clamp.)
        if (t > tEnd) t = tEnd;
        untilInterrupt -= t - tStart;
        if (untilInterrupt < 0) untilInterrupt = 0;
        if (t >= horizon) break main;
        phase = BEGIN;
        continue;
      }
      t = tEnd;
      untilInterrupt -= tEnd - tStart;
      if (tEnd >= horizon) break main;
      if (tEnd === tInterrupt) {
        // A background interruption crashes the job at once; recovery, then a restart.
        const nextMark = +marks.at(++markIndex);
        untilInterrupt = (nextMark - mark) * invLambdaNow;
        mark = nextMark;
        crashesBackground++;
        lostH += p - kDone * tau;
        p = kDone * tau;
        phase = RECOVERY;
        left = recovery;
        if (tracer !== null) tracer.record(t, 'crash-background', phase, rate, p, kDone * tau);
        continue;
      }
      // else the network changes at t = tNet (below).
    }

    // The network changes at t = tNet.
    view.advance();
    const wasWhole = whole;
    const down = view.downMask;
    whole = down === 0;
    if (phase <= RESTART) {
      // Active phases (running, writing, restarting): the group's pairs decide.
      const nowConnected = (down & groupRoutes) === 0;
      if (connected && !nowConnected) {
        stallStart = t;
        stallCause = view.stallCauseFor(groupRoutes);
        if (tracer !== null) tracer.record(t, 'stall', phase, 0, p, kDone * tau);
      } else if (!connected && nowConnected && tracer !== null) tracer.record(t, 'resume', phase, share, p, kDone * tau);
      connected = nowConnected;
      if (shrunk && whole !== wasWhole) {
        if (whole && phase === RESTART) {
          // At a checkpoint with nothing to save: abandon the shrunk restart, re-expand now.
          left = 0;
          phase = BEGIN;
        } else if (tracer !== null) tracer.record(t, whole ? 'network-back' : 'network-down', phase, connected ? share : 0, p, kDone * tau);
      }
    } else if (phase === RECOVERY && whole !== wasWhole && tracer !== null) {
      tracer.record(t, whole ? 'network-back' : 'network-down', phase, whole ? 1 : 0, p, kDone * tau);
    }
  }

  const status = done ? STATUS_DONE : STATUS_CENSORED;
  if (!done && tracer !== null) tracer.record(t, 'censored', phase === BEGIN ? RESTART : phase, connected ? share : 0, p, kDone * tau);
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
  out[o + M.network_energy_mwh] = job.networkEnergyPerProgressHour * ((done ? W : p) + lostH);
  return status;
}
