/** The distribution factories, one family per module. */
export { bernoulli } from './bernoulli.js';
export { constant } from './constant.js';
export { empirical } from './empirical.js';
export { exponential, type ExponentialParams } from './exponential.js';
export { gamma, type GammaParams } from './gamma.js';
export { lognormal, type LognormalParams } from './lognormal.js';
export { mixture, type MixtureComponent } from './mixture.js';
export { normal, type NormalParams } from './normal.js';
export { pert, type PertParams } from './pert.js';
export { poisson } from './poisson.js';
export { scaled, shifted } from './transforms.js';
export { triangular, type RangeParams } from './triangular.js';
export { uniform } from './uniform.js';
export { weibull, type WeibullParams } from './weibull.js';
