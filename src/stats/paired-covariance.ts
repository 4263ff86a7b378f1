/**
 * The covariance of means measured on the same trials (common random numbers), from
 * their variances and the variances of their paired differences:
 *   Cov(X_i, X_j) = (Var X_i + Var X_j − Var(X_i − X_j)) / 2,
 * each divided by the trial count n for the means.
 */
export function pairedMeansCovariance(
  trials: number,
  variances: readonly number[],
  differenceVariance: (i: number, j: number) => number,
): number[][] {
  return variances.map((vi, i) =>
    variances.map((vj, j) => (i === j ? vi / trials : (vi + vj - differenceVariance(i, j)) / 2 / trials)),
  );
}
