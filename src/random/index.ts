/**
 * Random streams and distributions, the public surface: seeded named substreams (./streams),
 * counter-based keys with random access (./counter), distribution factories with fast inverse
 * CDFs (./families, contract in ./distribution) and their config form (./spec). Internals
 * (special functions, inverse tables, the raw generator) are imported from their own modules.
 * Knows nothing of agents or of the simulation kernel.
 */
export {
  createStream,
  fillUniforms,
  streamKey,
  STREAM_KEY_PREFIX,
  type StreamPathElement,
  type Uniform,
} from './streams.js';
export { CounterKey, counterKey } from './counter.js';
export type { Distribution, FullDistribution } from './distribution.js';
export {
  bernoulli,
  constant,
  empirical,
  exponential,
  gamma,
  lognormal,
  mixture,
  normal,
  pert,
  poisson,
  scaled,
  shifted,
  triangular,
  uniform,
  weibull,
  type ExponentialParams,
  type GammaParams,
  type LognormalParams,
  type MixtureComponent,
  type NormalParams,
  type PertParams,
  type RangeParams,
  type WeibullParams,
} from './families/index.js';
export {
  DIST_NAMES,
  describeSpec,
  distSpecJsonSchema,
  DIST_FIELD_DOCS,
  distSpecSchema,
  parseDist,
  specMean,
  type DistName,
  type DistSpec,
  type DistSpecObject,
} from './spec.js';
