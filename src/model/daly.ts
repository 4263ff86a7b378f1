/**
 * Closed forms for checkpointed jobs, used to resolve `interval: daly`, by `validate`,
 * and as oracles in the tests.
 */
import type { Hours } from './scenario.js';

/** Young (1974): τ = √(2 δ M). */
export function youngInterval(write: Hours, mtbf: Hours): Hours {
  return Math.sqrt(2 * write * mtbf);
}

/**
 * Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart
 * dumps", eq. 37: τ = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ for δ < 2M, else τ = M.
 */
export function dalyInterval(write: Hours, mtbf: Hours): Hours {
  if (!(mtbf < Infinity)) return Infinity;
  if (write >= 2 * mtbf) return mtbf;
  const x = write / (2 * mtbf);
  return Math.sqrt(2 * write * mtbf) * (1 + Math.sqrt(x) / 3 + x / 9) - write;
}

/**
 * Expected job-completion time of docs/model.md#exact-checks (Daly 2006 extended with a repair time): one
 * failure process of mean M (exponential), each failure crashing the job at once and
 * costing a repair of mean D, then a restart R; work W = K τ in K segments, all but the
 * last followed by a checkpoint write δ:
 *   f(L) = (e^{L/M} − 1) · e^{R/M} · (M + D),   E[JCT] = (K − 1) f(τ + δ) + f(τ).
 * With D = 0 this is Daly's formula. A W that is not a multiple of τ ends with a
 * shorter segment (its own f term).
 */
export function expectedJct(p: {
  work: Hours;
  interval: Hours;
  write: Hours;
  restart: Hours;
  mtbf: Hours;
  meanRepair: Hours;
}): Hours {
  const { work, interval, write, restart, mtbf, meanRepair } = p;
  const f = (length: Hours) => Math.expm1(length / mtbf) * Math.exp(restart / mtbf) * (mtbf + meanRepair);
  const full = Math.ceil(work / interval - 1e-9) - 1;
  const last = work - full * interval;
  return full * f(interval + write) + f(last);
}
