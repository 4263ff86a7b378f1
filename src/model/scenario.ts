/**
 * The validated scenario: what `src/config/` produces from a YAML file and the only
 * input of the simulation core. Every duration is in hours, every size in bytes, every
 * rate in its per-year unit of docs/model.md#scenario; nothing here is optional any more, defaults
 * have been filled in by the loader.
 */

/** Hours of wall-clock or progress time (the model's one time unit). */
export type Hours = number;

export const DEPLOYMENTS = ['buried', 'aerial', 'conduit', 'submarine'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

/** Fractions of a cable's length per deployment; they sum to 1. */
export type DeploymentMix = Readonly<Record<Deployment, number>>;

export const SCHEME_KINDS = ['ideal', 'none', 'one-plus-one', 'restoration', 'one-plus-one-restoration', 'elastic'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];

export type RepairDistribution =
  | { readonly kind: 'fixed'; readonly value: Hours }
  | { readonly kind: 'exponential'; readonly mean: Hours }
  /** sigma is the standard deviation of ln(repair time). */
  | { readonly kind: 'lognormal'; readonly median: Hours; readonly sigma: number }
  | { readonly kind: 'weibull'; readonly scale: Hours; readonly shape: number };

export interface Site {
  readonly id: string;
  /** GPUs the job uses at this site. */
  readonly gpus: number;
}

export interface Route {
  readonly id: string;
  readonly between: readonly [string, string];
  readonly lengthKm: number;
  /** One-way propagation delay per km, in microseconds. */
  readonly usPerKm: number;
  readonly deployment: DeploymentMix;
  /** Tbit/s this job's traffic may use on the route. */
  readonly capacityTbps: number;
  readonly srlgs: readonly string[];
  readonly regions: readonly string[];
  /** Extra one-way delay per traversal (queueing, amplifier and switching jitter); null: none. */
  readonly jitter: RepairDistribution | null;
}

/** A shared corridor: one cut here takes down every member route at once. */
export interface Srlg {
  readonly id: string;
  readonly lengthKm: number;
  readonly deployment: DeploymentMix;
  readonly regions: readonly string[];
}

/** A cause of independent cuts (excavator, rodent, …). */
export interface Hazard {
  readonly cause: string;
  /** Cuts per 1000 km per year, by deployment (0 where the cause does not act). */
  readonly ratePer1000KmYear: DeploymentMix;
  readonly repair: RepairDistribution;
}

/** A correlated disaster hitting routes and SRLGs of one region. */
export interface RegionalEvent {
  readonly id: string;
  readonly cause: string;
  readonly region: string;
  readonly ratePerYear: number;
  readonly hitProbability: number;
  readonly repair: RepairDistribution;
}

export interface StepModel {
  /** Compute time of one step at full speed. */
  readonly compute: Hours;
  /** Bytes each job site pair exchanges per step. */
  readonly wanBytes: number;
  /** Sequential WAN round trips per step (each pays one RTT). */
  readonly wanRoundTrips: number;
  /** Fraction of the compute time that can hide communication, in [0, 1]. */
  readonly overlap: number;
}

export interface Background {
  /** Mean time between non-network interruptions of one GPU. */
  readonly mtbfPerGpu: Hours;
  /** Wall time after such an interruption before a restart can begin. */
  readonly recovery: Hours;
}

export interface Job {
  readonly sites: readonly string[];
  /** W: ideal compute time at full speed (the healthy network's pace). */
  readonly work: Hours;
  /** When the file gave the work as a number of steps (W = steps × healthy step); else null. */
  readonly steps: number | null;
  readonly step: StepModel;
  readonly checkpoint: {
    /** τ, in progress hours; 'daly' resolves to Daly's optimum (see model/daly.ts). */
    readonly interval: Hours | 'daly';
    /** δ: blocking write time. */
    readonly write: Hours;
  };
  /** R: reload and re-initialisation after a crash. */
  readonly restart: Hours;
  /** A stall at least this long crashes the job. */
  readonly collectiveTimeout: Hours;
  /** null: no background interruptions. */
  readonly background: Background | null;
  readonly power: { readonly kwPerGpu: number };
  /** Transport energy per bit per route traversed (0: not counted). */
  readonly networkPjPerBit: number;
}

export type Scheme =
  | { readonly id: string; readonly kind: 'ideal' }
  | { readonly id: string; readonly kind: 'none' }
  /** Shrink to the largest connected group of sites after a network crash (elastic-replay.ts). */
  | { readonly id: string; readonly kind: 'elastic' }
  | { readonly id: string; readonly kind: 'one-plus-one'; readonly switchover: Hours }
  | {
      readonly id: string;
      readonly kind: 'restoration';
      readonly restore: Hours;
      readonly capacityFraction: number;
    }
  /** One-plus-one, and restoration when both the primary and the backup are down. */
  | {
      readonly id: string;
      readonly kind: 'one-plus-one-restoration';
      readonly switchover: Hours;
      readonly restore: Hours;
      readonly capacityFraction: number;
    };

/**
 * Importance sampling of the network timeline (docs/model.md#rare-events): cuts and
 * regional events are drawn at a multiple of their rates and every trial carries the
 * likelihood ratio of what was drawn. `uniform` raises them by `factor` all the time;
 * `failure-biasing` by `factor` while some unit or regional hit is already down, and by
 * `allUpFactor` (1: not at all) while everything is up.
 */
export const RARE_EVENT_METHODS = ['uniform', 'failure-biasing'] as const;
export type RareEventMethod = (typeof RARE_EVENT_METHODS)[number];

export type RareEvents =
  /** factor ≥ 1: the biased rate over the true one. */
  | { readonly method: 'uniform'; readonly factor: number }
  | { readonly method: 'failure-biasing'; readonly factor: number; readonly allUpFactor: number };

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly trials: number;
  /** Per-trial wall-clock cap; a job still running then is censored. */
  readonly horizon: Hours;
  readonly sites: readonly Site[];
  readonly junctions: readonly string[];
  readonly routes: readonly Route[];
  readonly srlgs: readonly Srlg[];
  readonly hazards: readonly Hazard[];
  readonly regional: readonly RegionalEvent[];
  readonly job: Job;
  readonly schemes: readonly Scheme[];
  /**
   * Absent: plain Monte Carlo. Left out rather than null so that a scenario without
   * it serialises (result metadata, scenario hash) exactly as before it existed.
   */
  readonly rareEvents?: RareEvents;
}

/**
 * The most routes a scenario may have. The down routes are a bitset (route-set.ts) of
 * MAX_ROUTES / 32 words per timeline entry at most, so a trial's buffer stays small.
 */
export const MAX_ROUTES = 16_384;
/** The most SRLGs a scenario may have (each is one exposure unit and one regional target). */
export const MAX_SRLGS = 16_384;
