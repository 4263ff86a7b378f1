/**
 * Step time and progress rate (SPEC §3). For a connected network state
 *   comm = max over pairs (wan_bytes / bandwidth + wan_round_trips × RTT)
 *   step = compute + max(0, comm − overlap × compute)
 * and the progress rate is r = step_ideal / step, where step_ideal uses every pair's
 * primary path at full capacity (r = 1 when healthy, r < 1 when degraded).
 */
import type { Hours, StepModel } from './scenario.js';
import type { Path } from './topology.js';

const SECONDS_PER_HOUR = 3600;

export class StepTime {
  /** Step time with every pair on its primary at full capacity. */
  readonly idealStep: Hours;

  constructor(private readonly step: StepModel, primaries: readonly Path[]) {
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
    return compute + Math.max(0, maxPairComm - overlap * compute);
  }

  /** Progress rate given the slowest pair's communication time. */
  rateFor(maxPairComm: Hours): number {
    // A detour that happens to be faster than the primaries never speeds the job past its
    // healthy pace: the yardstick (and goodput ≤ 1) is the job on its primaries.
    return Math.min(1, this.idealStep / this.stepFor(maxPairComm));
  }
}
