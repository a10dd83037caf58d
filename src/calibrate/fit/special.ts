/**
 * The special functions the maximum-likelihood equations need and src/random does not have:
 * digamma ψ and trigamma ψ'. Both shift x up by the recurrences until x >= 10, then use the
 * asymptotic (Bernoulli) series, which there is accurate to ~1e-15.
 */

/** ψ(x) = d/dx ln Γ(x), for x > 0. */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const r = 1 / (x * x);
  // ln x - 1/(2x) - Σ B_2k / (2k x^2k)
  const series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** ψ'(x) = d²/dx² ln Γ(x), for x > 0. */
export function trigamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += 1 / (x * x);
    x += 1;
  }
  const r = 1 / (x * x);
  // 1/x + 1/(2x²) + Σ B_2k / x^(2k+1)
  const series = (1 / x) * r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730))))));
  return shift + 1 / x + 0.5 * r + series;
}
