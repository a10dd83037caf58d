import { DistributionParameterError } from '../../src/errors/index.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  bernoulli,
  constant,
  describeSpec,
  distSpecSchema,
  empirical,
  exponential,
  gamma,
  lognormal,
  mixture,
  normal,
  parseDist,
  pert,
  poisson,
  scaled,
  specMean,
  triangular,
  uniform,
  weibull,
  type DistSpec,
} from '../../src/random/index.js';

/** Runs `thunk`, expecting a DistributionParameterError; returns it. */
function paramError(thunk: () => unknown): DistributionParameterError {
  try {
    thunk();
  } catch (e) {
    expect(e).toBeInstanceOf(DistributionParameterError);
    return e as DistributionParameterError;
  }
  throw new Error('expected a DistributionParameterError, nothing was thrown');
}

const bad = (v: unknown) => v as any;
const ok = normal({ mean: 0, sd: 1 });

describe('parameter errors name the field and the fix', () => {
  const cases: [string, () => unknown, string, RegExp?][] = [
    ['constant NaN', () => constant(Number.NaN), 'constant.value', /finite number/],
    ['uniform max <= min', () => uniform(1, 1), 'uniform.max', /greater than min \(got 1 <= 1\).*constant/],
    ['uniform min not a number', () => uniform(bad('a'), 2), 'uniform.min', /finite number \(got "a"\)/],
    ['exponential mean < 0', () => exponential({ mean: -1 }), 'exponential.mean', /greater than 0/],
    ['exponential rate 0', () => exponential({ rate: 0 }), 'exponential.rate'],
    ['exponential nothing', () => exponential(bad({})), 'exponential', /\{ mean \} or \{ rate \}/],
    ['exponential both', () => exponential(bad({ mean: 1, rate: 1 })), 'exponential', /exactly one/],
    ['normal sd 0', () => normal({ mean: 0, sd: 0 }), 'normal.sd', /constant/],
    ['normal mean missing', () => normal(bad({ sd: 1 })), 'normal.mean', /missing/],
    ['normal max <= min', () => normal({ mean: 0, sd: 1, min: 2, max: 1 }), 'normal.max'],
    ['normal empty truncation', () => normal({ mean: 0, sd: 1, min: 50 }), 'normal.min', /almost no probability/],
    ['lognormal p90 <= median', () => lognormal({ median: 200, p90: 100 }), 'lognormal.p90', /must be greater than median \(got 100 <= 200\)/],
    ['lognormal median 0', () => lognormal({ median: 0, p90: 1 }), 'lognormal.median'],
    ['lognormal half a pair', () => lognormal(bad({ median: 1 })), 'lognormal.p90', /missing.*median, p90/],
    ['lognormal mixed pairs', () => lognormal(bad({ median: 1, p90: 2, mean: 3 })), 'lognormal', /exactly one/],
    ['lognormal sd 0', () => lognormal({ mean: 1, sd: 0 }), 'lognormal.sd'],
    ['lognormal sigma < 0', () => lognormal({ mu: 0, sigma: -1 }), 'lognormal.sigma'],
    ['gamma shape < 0', () => gamma({ shape: -1, scale: 1 }), 'gamma.shape'],
    ['gamma scale 0', () => gamma({ shape: 1, scale: 0 }), 'gamma.scale'],
    ['gamma sd < 0', () => gamma({ mean: 1, sd: -1 }), 'gamma.sd'],
    ['gamma shape out of range', () => gamma({ mean: 1, sd: 1e-6 }), 'gamma.sd', /shape/],
    ['weibull shape 0', () => weibull({ shape: 0, scale: 1 }), 'weibull.shape', /greater than 0 \(got 0\)/],
    ['weibull shape too small', () => weibull({ shape: 0.01, scale: 1 }), 'weibull.shape', /between 0.02 and 10000 \(got 0.01\)/],
    ['weibull shape too large', () => weibull({ shape: 2e4, scale: 1 }), 'weibull.shape', /between 0.02 and 10000/],
    ['weibull scale < 0', () => weibull({ shape: 1, scale: -2 }), 'weibull.scale', /greater than 0/],
    ['weibull scale missing', () => weibull(bad({ shape: 1 })), 'weibull.scale', /finite number \(got undefined/],
    ['weibull not an object', () => weibull(bad(3)), 'weibull', /expected \{ shape, scale \}/],
    ['triangular mode > max', () => triangular({ min: 0, mode: 5, max: 4 }), 'triangular.mode', /<= max \(got 5 > 4\)/],
    ['triangular mode < min', () => triangular({ min: 0, mode: -1, max: 4 }), 'triangular.mode', />= min/],
    ['triangular degenerate', () => triangular({ min: 3, mode: 3, max: 3 }), 'triangular.max', /constant/],
    ['pert lambda < 0', () => pert({ min: 0, mode: 1, max: 2, lambda: -1 }), 'pert.lambda'],
    ['pert mode outside', () => pert({ min: 0, mode: 3, max: 2 }), 'pert.mode'],
    ['bernoulli p > 1', () => bernoulli(1.5), 'bernoulli.p', /\[0, 1\]/],
    ['poisson mean < 0', () => poisson(-1), 'poisson.mean'],
    ['poisson mean huge', () => poisson(2e9), 'poisson.mean', /normal/],
    ['empirical empty', () => empirical([]), 'empirical.samples', /non-empty/],
    ['empirical NaN', () => empirical([1, Number.NaN]), 'empirical.samples[1]'],
    ['mixture empty', () => mixture([]), 'mixture.components'],
    ['mixture negative weight', () => mixture([{ weight: -1, dist: ok }]), 'mixture.components[0].weight'],
    ['mixture zero weights', () => mixture([{ weight: 0, dist: ok }]), 'mixture.components', /not all be 0/],
    ['mixture foreign dist', () => mixture([{ weight: 1, dist: bad({}) }]), 'mixture.components[0].dist'],
    ['scaled factor 0', () => scaled(ok, 0), 'scaled.factor'],
  ];
  for (const [label, thunk, field, message] of cases) {
    it(label, () => {
      const e = paramError(thunk);
      expect(e.field).toBe(field);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
      if (message) expect(e.message).toMatch(message);
    });
  }
});

describe('parseDist', () => {
  it('builds every spec form; a bare number is a constant', () => {
    const specs: [DistSpec, string][] = [
      [5, 'constant(5)'],
      [{ dist: 'constant', value: 2 }, 'constant(2)'],
      [{ dist: 'uniform', min: 1, max: 2 }, 'uniform(min=1, max=2)'],
      [{ dist: 'exponential', mean: 3 }, 'exponential(mean=3)'],
      [{ dist: 'normal', mean: 1, sd: 2, min: 0 }, 'normal(mean=1, sd=2, min=0)'],
      [{ dist: 'lognormal', median: 40000, p90: 150000 }, 'lognormal(median=40000, p90=150000)'],
      [{ dist: 'lognormal', mean: 10, sd: 4 }, 'lognormal(mean=10, sd=4)'],
      [{ dist: 'gamma', shape: 2, scale: 3 }, 'gamma(shape=2, scale=3)'],
      [{ dist: 'gamma', mean: 2, sd: 1 }, 'gamma(mean=2, sd=1)'],
      [{ dist: 'weibull', shape: 1.5, scale: 4 }, 'weibull(shape=1.5, scale=4)'],
      [{ dist: 'triangular', min: 0, mode: 1, max: 3 }, 'triangular(min=0, mode=1, max=3)'],
      [{ dist: 'pert', min: 0, mode: 1, max: 3 }, 'pert(min=0, mode=1, max=3)'],
      [{ dist: 'pert', min: 0, mode: 1, max: 3, lambda: 6 }, 'pert(min=0, mode=1, max=3, lambda=6)'],
      [{ dist: 'bernoulli', p: 0.25 }, 'bernoulli(p=0.25)'],
      [{ dist: 'poisson', mean: 0.3 }, 'poisson(mean=0.3)'],
      [{ dist: 'empirical', samples: [1, 2, 3] }, 'empirical(n=3, mean=2)'],
      [
        { dist: 'mixture', components: [{ weight: 3, of: 1 }, { weight: 1, of: { dist: 'exponential', mean: 2 } }] },
        'mixture(0.75: constant(1), 0.25: exponential(mean=2))',
      ],
    ];
    for (const [spec, text] of specs) {
      expect(describeSpec(spec)).toBe(text);
      expect(parseDist(spec).describe()).toBe(text);
      expect(distSpecSchema.parse(spec)).toEqual(spec); // the schema accepts it unchanged
    }
    expect(specMean({ dist: 'pert', min: 0, mode: 1, max: 8 })).toBeCloseTo(2, 14);
    expect(specMean({ dist: 'mixture', components: [{ weight: 1, of: 0 }, { weight: 1, of: 10 }] })).toBe(5);
    expect(specMean({ dist: 'weibull', shape: 2, scale: 2 })).toBeCloseTo(Math.sqrt(Math.PI), 14); // 2 Γ(3/2)
  });

  it('prefixes parameter errors with the config path', () => {
    const e = paramError(() => parseDist({ dist: 'lognormal', median: 200, p90: 100 }, 'tokens.sonnet.outputPerTurn'));
    expect(e.field).toBe('tokens.sonnet.outputPerTurn.p90');
    expect(e.message).toMatch(/^tokens\.sonnet\.outputPerTurn\.p90: must be greater than median \(got 100 <= 200\)/);
    expect(paramError(() => parseDist({ dist: 'poisson', mean: -1 })).field).toBe('dist.mean');
    expect(paramError(() => parseDist(Number.POSITIVE_INFINITY, 'x')).field).toBe('x.value');
  });

  it('prefixes nested mixture errors with the component path', () => {
    const spec = bad({ dist: 'mixture', components: [{ weight: 1, of: 2 }, { weight: 1, of: { dist: 'gamma', shape: -1, scale: 1 } }] });
    expect(paramError(() => parseDist(spec, 'x')).field).toBe('x.components[1].of.shape');
    const w = bad({ dist: 'mixture', components: [{ weight: -1, of: 2 }] });
    expect(paramError(() => parseDist(w, 'x')).field).toBe('x.components[0].weight');
  });

  it('rejects unknown distributions, suggesting the closest name', () => {
    const e = paramError(() => parseDist(bad({ dist: 'lognorm', median: 1, p90: 2 }), 'a.b'));
    expect(e.field).toBe('a.b.dist');
    expect(e.message).toMatch(/unknown distribution 'lognorm' \(did you mean 'lognormal'\?\); expected one of constant, uniform/);
    expect(paramError(() => parseDist(bad('7'), 'a')).message).toMatch(/^a: expected a number or a distribution object/);
  });
});

describe('distSpecSchema', () => {
  const wrap = z.object({ tokens: distSpecSchema, optional: distSpecSchema.optional() });
  const issues = (v: unknown) => {
    const r = wrap.safeParse(v);
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('rejects unknown `dist` names with the list and a suggestion', () => {
    expect(issues({ tokens: { dist: 'cauchy', location: 1 } })).toEqual([
      expect.stringMatching(/^tokens\.dist: unknown distribution 'cauchy'; expected one of constant, uniform, exponential/),
    ]);
    expect(issues({ tokens: { dist: 'weibul', shape: 1 } })[0]).toMatch(/did you mean 'weibull'/);
    expect(issues({ tokens: { dist: 'Gamma', shape: 1, scale: 1 } })[0]).toMatch(/did you mean 'gamma'/);
    expect(issues({ tokens: { median: 1, p90: 2 } })[0]).toMatch(/^tokens\.dist: missing "dist"/);
  });

  it('reports the field at fault, with the parser\'s messages', () => {
    expect(issues({ tokens: { dist: 'lognormal', median: 200, p90: 100 } })).toEqual([
      expect.stringMatching(/^tokens\.p90: must be greater than median \(got 100 <= 200\)/),
    ]);
    expect(issues({ tokens: { dist: 'lognormal', median: 200, p95: 300 } }).join('\n')).toMatch(/Unrecognized key: "p95"/);
    expect(issues({ tokens: { dist: 'uniform', min: 1, max: '2' } })).toEqual(['tokens.max: must be a finite number (got the string "2")']);
    expect(issues({ tokens: { dist: 'uniform', min: 1 } })).toEqual(['tokens.max: is required (a finite number)']);
    expect(issues({ tokens: { dist: 'weibull', shape: 0, scale: 1 } })).toEqual(['tokens.shape: must be greater than 0 (got 0)']);
    expect(issues({ tokens: { dist: 'weibull', shape: 1 } })).toEqual(['tokens.scale: is required (a finite number)']);
    expect(issues({ tokens: { dist: 'empirical', samples: [1, Number.NaN] } })[0]).toMatch(/^tokens\.samples\.1: must be a finite number/);
    expect(
      issues({ tokens: { dist: 'mixture', components: [{ weight: 1, of: { dist: 'pert', min: 0, mode: 5, max: 4 } }] } }),
    ).toEqual(['tokens.components.0.of.mode: must be <= max (got 5 > 4)']);
    expect(issues({ tokens: Number.POSITIVE_INFINITY })[0]).toMatch(/^tokens: must be a finite number/);
    expect(issues({})[0]).toMatch(/^tokens: expected a number or a distribution object/);
    expect(issues({ tokens: 'fast' })[0]).toMatch(/got the string "fast"/);
  });

  it('keeps bare numbers as numbers and leaves optional specs out', () => {
    expect(wrap.parse({ tokens: 4 })).toEqual({ tokens: 4 });
  });
});
