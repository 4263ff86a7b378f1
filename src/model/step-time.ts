/**
 * Step time and progress rate (docs/model.md#step-time). For a connected network state
 *   comm = max over pairs (wan_bytes / bandwidth + wan_round_trips × RTT) + jitter
 *   step = compute + max(0, comm − overlap × compute)
 * and the progress rate is r = step_ideal / step, where step_ideal uses every pair's
 * primary path at full capacity (r = 1 when healthy, r < 1 when degraded).
 *
 * Latency jitter: each of the step's sequential WAN rounds waits for the slowest pair,
 * so a step pays wan_round_trips × E[max over pairs of the pair's round-trip jitter]
 * (the sum over the routes of its path of one draw each way). The expectation is
 * estimated once, by 20 000 deterministic Monte Carlo samples over the primaries, and
 * the same penalty is charged in every network state: detours are assumed to jitter
 * like the primaries.
 */
import { drawRepair, encodeRepair } from './repair-time.js';
import { RandomStream, STREAM_JITTER } from './random-stream.js';
import type { Hours, Scenario, StepModel } from './scenario.js';
import type { Path } from './topology.js';

const SECONDS_PER_HOUR = 3600;
const JITTER_SAMPLES = 20_000;

/** wan_round_trips × E[max over pairs of the round-trip jitter of its path], hours. */
export function jitterPenalty(scenario: Scenario, paths: readonly Path[]): Hours {
  const rounds = scenario.job.step.wanRoundTrips;
  const codes = scenario.routes.map((r) => (r.jitter ? encodeRepair(r.jitter) : null));
  if (rounds === 0 || paths.length === 0 || codes.every((c) => c === null)) return 0;
  const rng = new RandomStream();
  rng.reseed(0, 0, STREAM_JITTER);
  let sum = 0;
  for (let i = 0; i < JITTER_SAMPLES; i++) {
    let worst = 0;
    for (const path of paths) {
      let jitter = 0;
      for (const r of path.routes) {
        const c = codes[r];
        if (c) jitter += drawRepair(c.kind, c.a, c.b, rng) + drawRepair(c.kind, c.a, c.b, rng);
      }
      if (jitter > worst) worst = jitter;
    }
    sum += worst;
  }
  return rounds * (sum / JITTER_SAMPLES);
}

export class StepTime {
  /** Step time with every pair on its primary at full capacity. */
  readonly idealStep: Hours;
  /** Added to every state's communication time (see jitterPenalty). */
  readonly jitter: Hours;
  private readonly step: StepModel;

  constructor(scenario: Scenario, primaries: readonly Path[]) {
    this.step = scenario.job.step;
    this.jitter = jitterPenalty(scenario, primaries);
    let comm = 0;
    for (const path of primaries) comm = Math.max(comm, this.pairComm(path, 1));
    this.idealStep = this.stepFor(comm);
  }

  /** Communication time of one pair's share of a step over `path` at a fraction of its bandwidth. */
  pairComm(path: Path, capacityFraction: number): Hours {
    const bits = this.step.wanBytes * 8;
    const transfer = bits === 0 ? 0 : bits / (path.bandwidthTbps * 1e12 * capacityFraction) / SECONDS_PER_HOUR;
    const rtt = (2 * path.latencyUs * 1e-6) / SECONDS_PER_HOUR;
    return transfer + this.step.wanRoundTrips * rtt;
  }

  stepFor(maxPairComm: Hours): Hours {
    const { compute, overlap } = this.step;
    const comm = maxPairComm + this.jitter;
    return compute + Math.max(0, comm - overlap * compute);
  }

  /** Progress rate given the slowest pair's communication time. */
  rateFor(maxPairComm: Hours): number {
    // A detour that happens to be faster than the primaries never speeds the job past its
    // healthy pace: the yardstick (and goodput ≤ 1) is the job on its primaries.
    return Math.min(1, this.idealStep / this.stepFor(maxPairComm));
  }
}
