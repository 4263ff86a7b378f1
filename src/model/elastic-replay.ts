/**
 * The job state machine under scheme `elastic` (docs/model.md#schemes): when a
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
 * The arithmetic — working until the next event, pausing, recovering, rolling back and
 * the outcome row — is job-state.ts's, shared with job-replay.ts; this loop decides
 * only the rate (the group's share), the group chosen at a restart, and what a network
 * change does to it. On the whole job the interruption cycles are done in closed form, as
 * in job-replay: an elastic trial is the trial of `none`, bit for bit, until it shrinks.
 */
import { jobState, PHASE_RECOVERY, PHASE_RESTART, PHASE_WAIT, type JobReplay } from './job-state.js';
// What JobState's moves stopped at.
import { REACHED_CHECKPOINT, REACHED_CRASH, REACHED_END_OF_RECOVERY, REACHED_HORIZON, REACHED_INTERRUPT, REACHED_NETWORK } from './job-state.js';
import { RESTART_BEFORE_CHANGE, RESTART_NEVER } from './job-state.js';
import type { ElasticView } from './schemes/elastic-view.js';

export const replayElastic: JobReplay<ElasticView> = (job, view, marks, timeline, out, o, causes, co, tracer) => {
  const s = jobState;
  const RESTART = PHASE_RESTART;
  const RECOVERY = PHASE_RECOVERY;
  /** Internal: a restart is to begin at t on the group chosen then (never traced). */
  const BEGIN = 6;
  const timeout = job.collectiveTimeout;
  const fullMask = view.fullMask;
  const totalGpus = view.totalGpus;
  s.start(job, marks);

  // The group run on: the routes its pairs need, whether it is smaller than the job,
  // its share of the GPUs.
  let groupRoutes = view.requiredRoutes;
  let shrunk = false;
  let share = 1;
  // Network state: whole (every pair connected); the group connected (no stall).
  let whole = view.downMask === 0;
  let connected = true;
  let stallStart = 0;
  let stallCause = -1;

  main: for (;;) {
    const tNet = view.nextTime;
    const phase = s.phase;

    if (phase === BEGIN) {
      if (tNet !== s.t) {
        // Restart on the whole job if the network is whole, else on the largest group.
        const group = whole ? fullMask : view.largestGroup();
        const newShare = group === fullMask ? 1 : view.groupGpus(group) / totalGpus;
        shrunk = group !== fullMask;
        groupRoutes = shrunk ? view.groupRoutes(group) : view.requiredRoutes;
        if (newShare !== share) {
          // Keep the hazard accrued: the active time left scales with 1 / rate.
          s.untilInterrupt *= share / newShare;
          s.invLambdaNow = s.invLambda / newShare;
          share = newShare;
        }
        connected = (view.downMask & groupRoutes) === 0; // true: the group is usable
        s.beginRestart();
        if (tracer !== null) tracer.record(s.t, 'restart-begin', s.phase, share, s.p, s.checkpoint);
        continue;
      }
      // The network changes at this very instant: take the change first (below).
    } else if (phase === RECOVERY) {
      // Recovery runs on the wall clock whatever the network does (recovery before stall).
      const reached = s.recover(tNet);
      if (reached === REACHED_HORIZON) break;
      if (reached === REACHED_END_OF_RECOVERY) {
        s.phase = BEGIN;
        if (s.t !== tNet) continue;
      }
    } else if (!connected) {
      // Stalled: the phase is paused; a stall lasting the timeout crashes the job.
      const reached = s.pause(stallStart + timeout, tNet, stallCause, causes, co);
      if (reached === REACHED_HORIZON) break;
      if (reached === REACHED_CRASH) {
        s.phase = BEGIN;
        if (tracer !== null) tracer.record(s.t, 'crash-network', PHASE_WAIT, 0, s.p, s.checkpoint);
        if (s.t !== tNet) continue;
      }
    } else {
      // Connected: work at rate `share` until the next interruption, network change or
      // the horizon — or, shrunk on a whole network, until the next checkpoint is
      // written, when the job re-expands onto every site. On the whole job a recovery
      // that ends before the network changes restarts it on the whole job again (the
      // group chosen then), so `run` goes round those cycles itself; shrunk, the group
      // is chosen anew at each restart (below). The cycles between two network changes
      // on the whole job are done in closed form, as `none` does them (shrunk, `run`
      // returns at each interruption and the closed form is never reached).
      const reached = s.run(tNet, share, shrunk && whole, shrunk ? RESTART_NEVER : RESTART_BEFORE_CHANGE, true, marks, tracer);
      if (reached === REACHED_CHECKPOINT) {
        if (s.t >= job.horizon) break;
        s.phase = BEGIN;
        continue;
      }
      if (reached === REACHED_INTERRUPT) continue; // crashed: recovery, then a restart
      if (reached !== REACHED_NETWORK) break; // done, or the horizon
    }

    // The network changes at t = tNet.
    view.advance();
    const wasWhole = whole;
    const down = view.downMask;
    whole = down === 0;
    if (s.phase <= RESTART) {
      // Active phases (running, writing, restarting): the group's pairs decide.
      const nowConnected = (down & groupRoutes) === 0;
      if (connected && !nowConnected) {
        stallStart = s.t;
        stallCause = view.stallCauseFor(groupRoutes);
        if (tracer !== null) tracer.record(s.t, 'stall', s.phase, 0, s.p, s.checkpoint);
      } else if (!connected && nowConnected && tracer !== null) tracer.record(s.t, 'resume', s.phase, share, s.p, s.checkpoint);
      connected = nowConnected;
      if (shrunk && whole !== wasWhole) {
        if (whole && s.phase === RESTART) {
          // At a checkpoint with nothing to save: abandon the shrunk restart, re-expand now.
          s.left = 0;
          s.phase = BEGIN;
        } else if (tracer !== null) tracer.record(s.t, whole ? 'network-back' : 'network-down', s.phase, connected ? share : 0, s.p, s.checkpoint);
      }
    } else if (s.phase === RECOVERY && whole !== wasWhole && tracer !== null) {
      tracer.record(s.t, whole ? 'network-back' : 'network-down', s.phase, whole ? 1 : 0, s.p, s.checkpoint);
    }
  }

  if (!s.done && tracer !== null)
    tracer.record(s.t, 'censored', s.phase === BEGIN ? RESTART : s.phase, connected ? share : 0, s.p, s.checkpoint);
  return s.writeOutcome(job, timeline, out, o);
};
