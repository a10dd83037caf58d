/**
 * The config-friendly form of a distribution (`DistSpec`), its zod schema and
 * its parser. A bare number means a constant; otherwise an object tagged by
 * `dist`:
 *
 * ```yaml
 * outputPerTurn: { dist: lognormal, median: 40000, p90: 150000 }
 * retries: { dist: poisson, mean: 0.3 }
 * overheadMs: 250
 * ```
 *
 * The spec stays honest: only `normal` takes `min`/`max` (a real truncation);
 * there are no generic clamps.
 */
import { z } from 'zod';
import { DistributionParameterError } from '../errors/index.js';
import type { FullDistribution } from './distribution.js';
import {
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
  triangular,
  uniform,
  weibull,
} from './families/index.js';

export type DistSpecObject =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number }
  | { dist: 'lognormal'; median: number; p90: number }
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'gamma'; shape: number; scale: number }
  | { dist: 'gamma'; mean: number; sd: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'pert'; min: number; mode: number; max: number; lambda?: number }
  | { dist: 'bernoulli'; p: number }
  | { dist: 'poisson'; mean: number }
  | { dist: 'empirical'; samples: number[] }
  | { dist: 'mixture'; components: { weight: number; of: DistSpec }[] };

/** A distribution in a config: a bare number (constant) or a tagged object. */
export type DistSpec = number | DistSpecObject;

export type DistName = DistSpecObject['dist'];

/** Every accepted `dist` name. */
export const DIST_NAMES: readonly DistName[] = [
  'constant',
  'uniform',
  'exponential',
  'normal',
  'lognormal',
  'gamma',
  'weibull',
  'triangular',
  'pert',
  'bernoulli',
  'poisson',
  'empirical',
  'mixture',
];

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** "unknown distribution 'lognorm' (did you mean 'lognormal'?); expected one of ..." */
export function unknownDistMessage(name: unknown): string {
  const list = DIST_NAMES.join(', ');
  if (name === undefined) return `missing "dist": expected one of ${list}, or a bare number for a constant`;
  if (typeof name !== 'string') return `"dist" must be a string, one of ${list} (got ${typeof name})`;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of DIST_NAMES) {
    const d = editDistance(lower, n);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  const hint = best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean '${best}'?)` : '';
  return `unknown distribution '${name}'${hint}; expected one of ${list}`;
}

function build(spec: unknown, path: string): FullDistribution {
  if (typeof spec === 'number') return constant(spec);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new DistributionParameterError(
      'dist',
      '',
      `expected a number or a distribution object such as { dist: 'lognormal', median, p90 } (got ${
        Array.isArray(spec) ? 'an array' : spec === null ? 'null' : typeof spec
      })`,
    );
  }
  const s = spec as Record<string, unknown> & { dist?: unknown };
  const { dist, ...rest } = s;
  const p = rest as never;
  switch (dist) {
    case 'constant':
      return constant(s.value as number);
    case 'uniform':
      return uniform(s.min as number, s.max as number);
    case 'exponential':
      return exponential(p);
    case 'normal':
      return normal(p);
    case 'lognormal':
      return lognormal(p);
    case 'gamma':
      return gamma(p);
    case 'weibull':
      return weibull(p);
    case 'triangular':
      return triangular(p);
    case 'pert':
      return pert(p);
    case 'bernoulli':
      return bernoulli(s.p as number);
    case 'poisson':
      return poisson(s.mean as number);
    case 'empirical':
      return empirical(s.samples as number[]);
    case 'mixture': {
      const comps = s.components;
      if (!Array.isArray(comps) || comps.length === 0) {
        throw new DistributionParameterError('mixture', 'components', 'must be a non-empty array of { weight, of }');
      }
      return mixture(
        comps.map((c: unknown, i) => {
          const cc = (typeof c === 'object' && c !== null ? c : {}) as { weight?: unknown; of?: unknown };
          return { weight: cc.weight as number, dist: parseDist(cc.of as DistSpec, `${path}.components[${i}].of`) };
        }),
      );
    }
    default:
      throw new DistributionParameterError(typeof dist === 'string' ? dist : 'dist', 'dist', unknownDistMessage(dist));
  }
}

/**
 * Builds the distribution a spec describes. Parameter errors are rethrown as
 * {@link DistributionParameterError} with the config path in front, e.g.
 * `tokens.sonnet.outputPerTurn.p90: must be greater than median (got 100 <= 200)`.
 */
export function parseDist(spec: DistSpec, path = 'dist'): FullDistribution {
  try {
    return build(spec, path);
  } catch (e) {
    if (e instanceof DistributionParameterError && e.path === undefined) throw e.atPath(path);
    throw e;
  }
}

/** `describe()` of the spec's distribution, e.g. `lognormal(median=40000, p90=150000)`. Cheap: no tables are built. */
export function describeSpec(spec: DistSpec): string {
  return parseDist(spec).describe();
}

/** Analytic mean of the spec's distribution. Cheap: no tables are built. */
export function specMean(spec: DistSpec): number {
  return parseDist(spec).mean;
}

// ---------------------------------------------------------------------------
// Zod schema
// ---------------------------------------------------------------------------

function describeInput(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

const num = () =>
  z.number({
    error: (iss) =>
      iss.input === undefined ? 'is required (a finite number)' : `must be a finite number (got ${describeInput(iss.input)})`,
  });

/** A list parameter that is missing or not a list. */
function listError(input: unknown, of: string): string {
  return input === undefined ? `is required (a list of ${of})` : `must be a list of ${of} (got ${describeInput(input)})`;
}

/** `'components[1].weight'` -> `['components', 1, 'weight']`. */
function paramPath(param: string): (string | number)[] {
  if (!param) return [];
  return param
    .split(/[.[\]]+/)
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Turns the factory's parameter errors into zod issues at the parameter's path. */
function paramCheck(value: unknown, ctx: z.RefinementCtx): void {
  try {
    build(value, '');
  } catch (e) {
    if (!(e instanceof DistributionParameterError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.reason, path: paramPath(e.param) });
  }
}

const leaf = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).superRefine(paramCheck);

const componentSchema = z.strictObject({
  weight: num().nonnegative({ error: 'must be >= 0' }),
  get of(): z.ZodType<DistSpec> {
    return distSpecSchema;
  },
});

const objectSchema = z.discriminatedUnion(
  'dist',
  [
    leaf({ dist: z.literal('constant'), value: num() }),
    leaf({ dist: z.literal('uniform'), min: num(), max: num() }),
    leaf({ dist: z.literal('exponential'), mean: num() }),
    leaf({ dist: z.literal('normal'), mean: num(), sd: num(), min: num().optional(), max: num().optional() }),
    // Two parametrizations share one object so that the message can say which pair is missing.
    leaf({
      dist: z.literal('lognormal'),
      median: num().optional(),
      p90: num().optional(),
      mean: num().optional(),
      sd: num().optional(),
      mu: num().optional(),
      sigma: num().optional(),
    }),
    leaf({
      dist: z.literal('gamma'),
      shape: num().optional(),
      scale: num().optional(),
      mean: num().optional(),
      sd: num().optional(),
    }),
    leaf({ dist: z.literal('weibull'), shape: num(), scale: num() }),
    leaf({ dist: z.literal('triangular'), min: num(), mode: num(), max: num() }),
    leaf({ dist: z.literal('pert'), min: num(), mode: num(), max: num(), lambda: num().optional() }),
    leaf({ dist: z.literal('bernoulli'), p: num() }),
    leaf({ dist: z.literal('poisson'), mean: num() }),
    leaf({
      dist: z.literal('empirical'),
      samples: z.array(num(), { error: (iss) => listError(iss.input, 'numbers') }),
    }),
    z
      .strictObject({
        dist: z.literal('mixture'),
        components: z.array(componentSchema, { error: (iss) => listError(iss.input, '{ weight, of }') }).min(1, { error: 'must hold at least one { weight, of }' }),
      })
      .superRefine((v, ctx) => {
        if (!v.components.some((c) => c.weight > 0)) {
          ctx.addIssue({ code: 'custom', message: 'weights must not all be 0', path: ['components'] });
        }
      }),
  ],
  {
    error: (iss) => {
      if (iss.code === 'invalid_union') {
        const input = iss.input as { dist?: unknown } | undefined;
        return unknownDistMessage(input?.dist);
      }
      if (iss.code === 'invalid_type') {
        return `expected a number or a distribution object such as { dist: 'lognormal', median, p90 } (got ${describeInput(iss.input)})`;
      }
      return undefined;
    },
  },
);

/**
 * Zod schema of a {@link DistSpec}, to embed in the scenario schema. Output is
 * the spec itself (a bare number stays a number). Messages name the offending
 * field, unknown `dist` names come with a "did you mean", and parameter
 * constraints (p90 > median, min < max, ...) are checked with the same
 * messages as {@link parseDist}.
 *
 * (Built as a refinement rather than `z.union([z.number(), ...])` because a
 * failed zod union reports only "Invalid input", not the field at fault.)
 */
export const distSpecSchema: z.ZodType<DistSpec> = z.unknown().superRefine((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) ctx.addIssue({ code: 'custom', message: `must be a finite number (got ${v})` });
    return;
  }
  const r = objectSchema.safeParse(v);
  if (r.success) return;
  for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path as (string | number)[] });
}) as unknown as z.ZodType<DistSpec>;

/**
 * The JSON Schema of a {@link DistSpec} (a number, or one of the `{ dist: ... }` forms), for
 * editors: the zod schema above is a refinement, which JSON Schema cannot express. A mixture's
 * inner `of` is left open (any value), so the schema stays finite.
 */
export function distSpecJsonSchema(): Record<string, unknown> {
  const forms = z.toJSONSchema(objectSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete forms.$schema;
  describeDistFields(forms);
  return { anyOf: [{ type: 'number' }, forms] };
}

/**
 * What each field of a `{ dist: ... }` form means, by field name (the same name means the same
 * thing in every form that has it). The one source of this text: the JSON Schema's descriptions
 * (editors' hover) and docs/model.md's table of distribution fields (`npm run docs`).
 */
export const DIST_FIELD_DOCS: Readonly<Record<string, string>> = {
  dist: 'the family: constant, uniform, exponential, normal, lognormal, gamma, weibull, triangular, pert, bernoulli, poisson, empirical or mixture',
  value: 'constant: the value every draw takes (a bare number says the same)',
  min: 'uniform, triangular, pert: the smallest value; normal: the lower end it is truncated to (optional)',
  max: 'uniform, triangular, pert: the largest value; normal: the upper end it is truncated to (optional)',
  mode: 'triangular, pert: the most likely value, between min and max',
  mean: 'exponential, poisson: the mean; normal, lognormal, gamma: the mean, with sd',
  sd: 'normal, lognormal, gamma: the standard deviation, with mean',
  median: 'lognormal: the median (half the draws below), with p90',
  p90: 'lognormal: the 90th percentile (nine draws in ten below), above the median',
  mu: 'lognormal: the mean of the logarithm, with sigma',
  sigma: 'lognormal: the standard deviation of the logarithm, with mu',
  shape: 'gamma, weibull: the shape (k), with scale; weibull: 0.02 to 10000',
  scale: 'gamma, weibull: the scale (theta, lambda), with shape',
  lambda: 'pert: how strongly the mode pulls the draws (default 4)',
  p: 'bernoulli: the probability of a 1 (else 0)',
  samples: 'empirical: the observed values, drawn from with equal weight',
  components: 'mixture: the distributions mixed, each { weight, of }',
  weight: 'mixture: a component\'s relative weight (at least 0; not all 0)',
  of: 'mixture: a component\'s distribution (a number or a { dist: ... } form)',
};

/** Puts DIST_FIELD_DOCS on every property of the forms (and of a mixture's components). */
function describeDistFields(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if (Array.isArray(node)) return node.forEach(describeDistFields);
  for (const [key, child] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
    const text = DIST_FIELD_DOCS[key];
    if (text && typeof child === 'object' && child !== null) (child as Record<string, unknown>).description = text;
    describeDistFields(child);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(n[key])) describeDistFields(n[key]);
  if (typeof n.items === 'object') describeDistFields(n.items);
}
