/**
 * The bounds a scenario must stay within (docs/limits.md explains each one to users).
 * Written values are bounded by their schema; these bound what the tool must build
 * from them: a file, lists, and the derived figures that set a trial's time and
 * memory (events per trial) or could overflow to ∞ / NaN (step time, energies).
 * Every bound is generous for real networks and jobs, and far from where the
 * simulation stops being meaningful or finishing.
 */
import { HOURS_PER_YEAR } from '../model/exposure.js';

/** Bytes of a scenario file: a 4 096-route mesh is ≈ 1 MB of YAML; 50 MB took minutes to parse. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Characters of an id (site, route, SRLG, region, cause, scheme): it is a label in tables. */
export const MAX_ID_CHARS = 128;

/** Entries of each list of places: sites, junctions (real networks have hundreds). */
export const MAX_PLACES = 4096;
/** Entries of the other lists: regional events, causes, a route's regions. */
export const MAX_ENTRIES = 4096;
/** Length of a route or SRLG, km: 250 × the Earth's circumference; keeps sums of lengths finite. */
export const MAX_ROUTE_KM = 1e7;
/** Schemes compared in one campaign: each multiplies every trial's work. */
export const MAX_SCHEMES = 64;

/** W: a job of more than a century of compute is a typo, not a plan. */
export const MAX_WORK_H = 100 * HOURS_PER_YEAR;
/** The horizon every trial is simulated to, at most (the default is 10 W). */
export const MAX_HORIZON_H = 1000 * HOURS_PER_YEAR;
/** The healthy step time: training steps take seconds; a day is far beyond any. */
export const MAX_STEP_H = 24;
/**
 * Checkpoints per job, W / τ: checkpointing is tracked to a relative 1e-12 of W, so
 * intervals must stay well above that resolution.
 */
export const MAX_CHECKPOINTS = 1e9;
/**
 * Expected network events (cuts of every unit, regional hits on every target) over one
 * trial's horizon: each is kept in the trial's timeline (memory) and replayed under
 * every scheme (time).
 */
export const MAX_NETWORK_EVENTS = 1e6;
/**
 * The importance-sampling factor (docs/model.md#rare-events): past a million the
 * weights of the trials without a rare event underflow long before the estimate gains
 * anything; the biased event count is bounded by MAX_NETWORK_EVENTS as well.
 */
export const MAX_IMPORTANCE_FACTOR = 1e6;
/** Expected background interruptions over one trial's horizon (each is one replay step). */
export const MAX_BACKGROUND_EVENTS = 1e6;
/** Mean repair time of any distribution: longer than the longest horizon is "never". */
export const MAX_MEAN_REPAIR_H = MAX_HORIZON_H;
/** Power of the job's GPUs, and of its WAN transport, in MW: a terawatt is beyond any grid. */
export const MAX_POWER_MW = 1e6;
