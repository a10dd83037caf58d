/**
 * What a candidate family of `orchsim fit` provides: its estimator, log-density, CDF and
 * quantile, and the form a scenario writes it in.
 */
import type { FullDistribution } from '../../random/index.js';
import type { Sample } from './sample.js';

export const FAMILY_NAMES = ['lognormal', 'gamma', 'weibull', 'normal', 'triangular', 'pert'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

export type Params = Readonly<Record<string, number>>;

/** What the fitted distribution looks like in a scenario: `{ dist: lognormal, median, p90 }`. */
export interface SpecForm {
  readonly dist: FamilyName;
  readonly values: Readonly<Record<string, number>>;
}

/** The two functions goodness of fit and the bootstrap need. */
export interface Cdf {
  cdf(x: number): number;
  quantile(p: number): number;
}

export interface Family {
  readonly name: FamilyName;
  /** Defined for positive values only (lognormal, gamma, Weibull). */
  readonly needsPositive: boolean;
  readonly parameterCount: number;
  /** One line on how the parameters are estimated (shown by fit and in docs/cli.md). */
  readonly estimator: string;
  /** The estimate, or undefined when the sample cannot identify one (all values equal...). */
  fit(sample: Sample): Params | undefined;
  logDensity(params: Params, x: number): number;
  distribution(params: Params): Cdf;
  spec(params: Params): SpecForm;
}

/** The Cdf of one of src/random's distributions. */
export function fromFactory(d: FullDistribution): Cdf {
  return { cdf: (x) => d.cdf(x), quantile: (p) => d.quantile(p) };
}
