/**
 * Fits every candidate family to one sample and ranks them by AIC. With B > 0, a parametric
 * bootstrap gives each candidate honest p-values and intervals: B samples of size n are drawn
 * from the fitted distribution, the parameters are estimated again on each, and the KS and AD
 * statistics of each refit are compared with the observed ones (p = (1 + #{stat_b >= stat}) /
 * (B + 1)). The spread of the refitted parameters gives percentile intervals. Draws come from
 * named streams (seed, 'fit', family, b): the same seed gives the same table, in any order.
 */
import { DistributionParameterError } from '../../errors/index.js';
import { createStream } from '../../random/index.js';
import { quantileOf } from '../../experiment/index.js';
import type { Family, FamilyName, Params, SpecForm } from './family.js';
import { FAMILIES } from './families.js';
import { adStatistic, ksStatistic } from './gof.js';
import { prepareSample, type Sample } from './sample.js';

/** Fewer values than this identify no two-parameter family worth reporting. */
export const MIN_OBSERVATIONS = 5;

export interface FitOptions {
  /** Candidates to try (default: every family the data allows). */
  families?: readonly FamilyName[];
  /** Parametric bootstrap replicates (0: no p-values, no intervals). */
  bootstrap: number;
  seed: number | string;
  /** Coverage of the reported intervals (default 0.95). */
  level?: number;
}

export interface Interval {
  low: number;
  high: number;
}

export interface CandidateFit {
  family: FamilyName;
  params: Params;
  spec: SpecForm;
  logLikelihood: number;
  aic: number;
  ks: number;
  ad: number;
  /** Bootstrap p-values; undefined without a bootstrap. */
  ksP?: number;
  adP?: number;
  /** Percentile intervals of the spec's numbers; undefined without a bootstrap. */
  intervals?: Record<string, Interval>;
}

export interface FitResult {
  n: number;
  /** Best (lowest AIC) first. */
  candidates: CandidateFit[];
  /** Families not fitted, and why. */
  skipped: { family: FamilyName; reason: string }[];
  bootstrap: number;
  level: number;
}

function logLikelihood(family: Family, params: Params, sample: Sample): number {
  let ll = 0;
  for (let i = 0; i < sample.n; i++) ll += family.logDensity(params, sample.sorted[i]!);
  return ll;
}

/** Smallest uniform used: an Alea draw can be exactly 0, whose quantile may be 0 (not positive). */
const U_FLOOR = 2 ** -33;

interface BootstrapOutcome {
  ksP: number;
  adP: number;
  intervals: Record<string, Interval>;
}

function bootstrap(family: Family, fitted: CandidateFit, n: number, options: FitOptions, level: number): BootstrapOutcome {
  const B = options.bootstrap;
  const dist = family.distribution(fitted.params);
  const u = new Float64Array(n);
  const x = new Float64Array(n);
  const keys = Object.keys(fitted.spec.values);
  const draws: number[][] = keys.map(() => []);
  let ksAbove = 0;
  let adAbove = 0;
  for (let b = 0; b < B; b++) {
    const stream = createStream(options.seed, 'fit', family.name, b);
    for (let i = 0; i < n; i++) u[i] = stream() || U_FLOOR;
    u.sort();
    for (let i = 0; i < n; i++) x[i] = dist.quantile(u[i]!);
    const sample = prepareSample(x);
    const refit = family.fit(sample);
    if (!refit) {
      // An unidentifiable replicate counts against the fit (the conservative side).
      ksAbove++;
      adAbove++;
      continue;
    }
    const d = family.distribution(refit);
    if (ksStatistic(sample.sorted, d.cdf) >= fitted.ks) ksAbove++;
    if (adStatistic(sample.sorted, d.cdf) >= fitted.ad) adAbove++;
    const values = family.spec(refit).values;
    keys.forEach((k, j) => draws[j]!.push(values[k]!));
  }
  const tail = (1 - level) / 2;
  const intervals: Record<string, Interval> = {};
  keys.forEach((k, j) => {
    const sorted = Float64Array.from(draws[j]!).sort();
    intervals[k] = { low: quantileOf(sorted, tail), high: quantileOf(sorted, 1 - tail) };
  });
  return { ksP: (1 + ksAbove) / (B + 1), adP: (1 + adAbove) / (B + 1), intervals };
}

/**
 * Fits the candidates to `values` (not modified) and ranks them by AIC = 2k − 2 ln L.
 * The caller checks that there are at least MIN_OBSERVATIONS values.
 */
export function fitCandidates(values: ArrayLike<number>, options: FitOptions): FitResult {
  const sample = prepareSample(Float64Array.from(values));
  const level = options.level ?? 0.95;
  const names = options.families ?? (Object.keys(FAMILIES) as FamilyName[]);
  const candidates: CandidateFit[] = [];
  const skipped: FitResult['skipped'] = [];
  for (const name of names) {
    const family = FAMILIES[name];
    if (family.needsPositive && !sample.positive) {
      skipped.push({ family: name, reason: 'needs every value > 0' });
      continue;
    }
    // One family that cannot be fitted (values near 1e308 overflow its estimates) is skipped with
    // the reason in the user's terms; the others are still fitted and ranked.
    try {
      const params = family.fit(sample);
      if (!params) {
        skipped.push({ family: name, reason: 'cannot be estimated from these values (too few distinct ones)' });
        continue;
      }
      const dist = family.distribution(params);
      const ll = logLikelihood(family, params, sample);
      const fitted: CandidateFit = {
        family: name,
        params,
        spec: family.spec(params),
        logLikelihood: ll,
        aic: 2 * family.parameterCount - 2 * ll,
        ks: ksStatistic(sample.sorted, dist.cdf),
        ad: adStatistic(sample.sorted, dist.cdf),
      };
      if (!Number.isFinite(fitted.aic)) {
        skipped.push({ family: name, reason: 'its likelihood is not finite for these values (too large or too spread for it)' });
        continue;
      }
      if (options.bootstrap > 0) Object.assign(fitted, bootstrap(family, fitted, sample.n, options, level));
      candidates.push(fitted);
    } catch (err) {
      if (!(err instanceof DistributionParameterError)) throw err;
      skipped.push({ family: name, reason: 'cannot be estimated from these values (its parameters overflow: are the values in the right unit?)' });
    }
  }
  candidates.sort((a, b) => (a.aic === b.aic ? names.indexOf(a.family) - names.indexOf(b.family) : a.aic - b.aic));
  return { n: sample.n, candidates, skipped, bootstrap: options.bootstrap, level };
}
