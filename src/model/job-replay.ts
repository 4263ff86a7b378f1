/**
 * The job of every scheme but `elastic` (docs/model.md#job), replayed against the
 * scheme's connectivity view and the trial's background interruptions. The job runs at
 * the view's rate; at rate 0 it is paused, and a stall lasting the collective timeout
 * crashes it; after a crash it waits for the network, then restarts.
 *
 * The arithmetic — working until the next event, pausing, recovering, rolling back, the
 * closed-form interruption cycles and the outcome row — is job-state.ts's, shared with
 * elastic-replay.ts; this loop only decides what happens at each event. While the
 * network stays as it is, an inner loop goes from interruption to interruption without
 * looking at the network or the rarer phases again, and the usual cycle (restart, run,
 * crash, recovery) is done in closed form.
 *
 * This is the hot loop of the whole tool (≈ 260 interruptions a trial with Llama 3's
 * failure rate): nothing is allocated per event.
 */
import { jobState, PHASE_RECOVERY, PHASE_WAIT, type JobReplay } from './job-state.js';
// What JobState's moves stopped at.
import { REACHED_CRASH, REACHED_END_OF_RECOVERY, REACHED_HORIZON, REACHED_INTERRUPT, REACHED_NETWORK, RESTART_BY_CHANGE } from './job-state.js';
import type { ConnectivityView } from './schemes/connectivity-view.js';

// For readers of a replay's trace, who meet the replay first.
export { PHASE_NAMES, type JobEvent, type JobTracer } from './job-state.js';

export const replayJob: JobReplay<ConnectivityView> = (job, view, marks, timeline, out, o, causes, co, tracer) => {
  // Module constants as locals: optimised code reloads a module binding, with a check
  // that it is initialised, at every use.
  const s = jobState;
  const RECOVERY = PHASE_RECOVERY;
  const WAIT = PHASE_WAIT;
  const INTERRUPT = REACHED_INTERRUPT;
  const NETWORK = REACHED_NETWORK;
  const HORIZON = REACHED_HORIZON;
  const timeout = job.collectiveTimeout;
  s.start(job, marks);
  let rate = view.rate;
  let stallStart = 0;

  for (;;) {
    const tNet = view.nextTime;

    if (s.phase === RECOVERY) {
      // Recovery runs on the wall clock whatever the network does (recovery before stall).
      const reached = s.recover(tNet);
      if (reached === REACHED_END_OF_RECOVERY) {
        if (rate > 0) {
          s.beginRestart();
          if (tracer !== null) tracer.record(s.t, 'restart-begin', s.phase, rate, s.p, s.checkpoint);
        } else {
          s.phase = WAIT;
          if (tracer !== null) tracer.record(s.t, 'recovered', s.phase, rate, s.p, s.checkpoint);
        }
        continue;
      }
      if (reached === HORIZON) break;
      view.advance();
      rate = view.rate;
      if (tracer !== null) tracer.record(s.t, rate > 0 ? 'network-back' : 'network-down', s.phase, rate, s.p, s.checkpoint);
      continue;
    }

    if (s.phase === WAIT || rate === 0) {
      // Crashed and waiting for every required pair to be connected again; or stalled,
      // the active phase paused, crashing if the stall lasts the collective timeout.
      const waiting = s.phase === WAIT;
      const reached = s.pause(waiting ? Infinity : stallStart + timeout, tNet, view.stallCause, causes, co);
      if (reached === REACHED_CRASH) {
        s.phase = WAIT;
        if (tracer !== null) tracer.record(s.t, 'crash-network', s.phase, rate, s.p, s.checkpoint);
        continue;
      }
      if (reached === HORIZON) break;
      view.advance();
      rate = view.rate;
      if (rate > 0) {
        if (waiting) s.beginRestart();
        if (tracer !== null) tracer.record(s.t, waiting ? 'restart-begin' : 'resume', s.phase, rate, s.p, s.checkpoint);
      }
      continue;
    }

    // Connected: work until the next interruption, network change or the horizon.
    // While the network stays as it is (until tNet), the job goes round restart → run →
    // interruption → recovery → restart inside `run`, in closed form: with background
    // interruptions that is almost every event of a trial. If the network changes (or
    // the horizon comes) before a recovery ends, the recovery branch at the top takes over.
    const reached = s.run(tNet, rate, false, RESTART_BY_CHANGE, true, marks, tracer);
    if (reached === INTERRUPT) continue;
    if (reached !== NETWORK) break; // done, or the horizon

    // The network changes at t = tNet.
    view.advance();
    const previous = rate;
    rate = view.rate;
    if (rate === 0) {
      stallStart = s.t;
      if (tracer !== null) tracer.record(s.t, 'stall', s.phase, rate, s.p, s.checkpoint);
    } else if (tracer !== null && rate !== previous) tracer.record(s.t, 'rate', s.phase, rate, s.p, s.checkpoint);
  }

  if (!s.done && tracer !== null) tracer.record(s.t, 'censored', s.phase, rate, s.p, s.checkpoint);
  return s.writeOutcome(job, timeline, out, o);
};
