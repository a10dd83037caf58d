/**
 * What `orchsim robustness` takes as uncertain: a distribution per scenario path.
 *
 * The judgment defaults (JUDGMENT_UNCERTAINTY, the table in docs/model.md): each judgment figure
 * of the defaults that is a single number is drawn from a triangular distribution around the
 * scenario's own value (its mode), its ends the value times the entry's multipliers (shares and
 * probabilities capped at 1), each with a sentence saying why the range is plausible; a figure of
 * 0 is off and stays off. The two terms that decide the fan-out presets, the supervision basis
 * and the value of waiting, are uniform over a fixed range whatever the scenario's value (as
 * `sensitivity --judgment` varies them: ./judgment.ts).
 * A field `calibrate` measured (listed in the overlay's calibration.measured) narrows to
 * ±CALIBRATED_SPREAD of its measured value. A scenario's `uncertainty:` block gives its own
 * distribution for a path (the `{ dist: ... }` form of the random layer), replacing the default
 * of that path or adding one.
 *
 * Every distribution is checked before anything runs: its parameters (the random layer's
 * message), and its support's ends compiled into the scenario (a draw outside what the field takes
 * would fail half-way): a problem is a UsageError naming `uncertainty.<path>` (exit 2).
 */
import { DistributionParameterError, UsageError } from '../errors/index.js';
import { describeSpec, parseDist, type DistSpec, type FullDistribution } from '../random/index.js';
import type { Scenario } from '../model/index.js';
import { pathParameter, valueAtPath } from './scenarioFunction.js';

/** One judgment default: the path, its range as multiples of the scenario's value, and why. */
export interface JudgmentUncertainty {
  path: string;
  /** The low end is value x low, the high end value x high (capped at 1 for a share). */
  low: number;
  high: number;
  share: boolean;
  /** A fixed range, uniform, whatever the scenario's value (0 is a choice there, not an absence): the two terms that decide the fan-out presets. */
  range?: readonly [number, number];
  reason: string;
}

/** The judgment figures and their plausible ranges (docs/model.md lists the same, with the default's figures). */
export const JUDGMENT_UNCERTAINTY: readonly JudgmentUncertainty[] = [
  {
    path: 'people.supervisionShare',
    low: 0.4,
    high: 2,
    share: true,
    reason: 'METR (arXiv 2507.09089) saw developers spend much of their time prompting, waiting on and reviewing agents; from a glance now and then (a tenth of the agents\' time) to half of it',
  },
  {
    path: 'people.supervision',
    low: 0,
    high: 1,
    share: true,
    range: [0, 1],
    reason: 'the supervision basis is a modelling choice no publication measures (docs/model.md, Supervision): anything from watching parallel agents at once (0) to watching each agent-hour (1), none more likely',
  },
  {
    path: 'money.delayUsdPerHour',
    low: 0,
    high: 2,
    share: false,
    range: [0, 50],
    reason: 'what an hour of waiting costs depends on who waits, and nobody measures it: from nothing (the work blocks no one) to half the loaded rate of the engineer whose work waits, none more likely (the range sensitivity --judgment uses)',
  },
  { path: 'people.loadedUsdPerHour', low: 0.8, high: 1.5, share: false, reason: 'the BLS median loaded rate ($91/h) is about 0.9x the default, METR\'s $150/h 1.5x' },
  { path: 'people.specifyHours', low: 0.4, high: 3, share: false, reason: 'a ticket that is already a brief takes minutes; an unclear one most of an hour' },
  { path: 'people.planReadHours', low: 0.5, high: 3, share: false, reason: 'a plan is skimmed in minutes or read closely for a quarter hour' },
  { path: 'people.humanDefectProbability', low: 0.5, high: 2, share: true, reason: 'defect rates of hand-written changes vary about twofold between teams and code bases' },
  { path: 'review.machineVerifiedDiscount', low: 0.33, high: 1.67, share: true, reason: 'how much a passed gate saves a reviewer depends on how far the reviewer trusts the suite' },
  { path: 'review.reReviewShare', low: 0.33, high: 2, share: true, reason: 'a later round re-reads only the fix, or most of the diff when the fix moved code around' },
  { path: 'failure.gate.catchProbability', low: 0.5, high: 1.4, share: true, reason: 'the share of defects a suite catches follows its coverage, which varies widely' },
  { path: 'failure.siblingConflictProbability', low: 0.25, high: 3, share: true, reason: 'MAST puts misalignment at a third of multi-agent failures; how often siblings collide depends on how the work is sliced' },
  { path: 'agents.cacheHitShare', low: 0.75, high: 1.08, share: true, reason: 'cache hits fall when contexts change between turns and rise in long, steady sessions' },
];

/** A measured field's range: ± this share of its value. */
export const CALIBRATED_SPREAD = 0.1;

/** One uncertain parameter, checked. */
export interface UncertainParameter {
  path: string;
  spec: DistSpec;
  dist: FullDistribution;
  /** Where it came from: the scenario's block, a judgment default, or a default narrowed by calibration. */
  source: 'scenario' | 'judgment' | 'calibrated';
  /** The field for messages: `uncertainty.<path>`. */
  field: string;
  /** The field takes whole numbers: draws are rounded. */
  integer: boolean;
  /** The scenario's own value. */
  baseValue: number;
  /** The support's ends. */
  low: number;
  high: number;
}

const round4 = (x: number) => Number(x.toPrecision(4));

/** The default distribution of a judgment figure at the scenario's value v (null when v is 0: off). */
export function judgmentSpec(entry: JudgmentUncertainty, v: number, calibrated: boolean): DistSpec | null {
  if (entry.range && !calibrated) return { dist: 'uniform', min: entry.range[0], max: entry.range[1] };
  if (v === 0) return null;
  const [lowShare, highShare] = calibrated ? [1 - CALIBRATED_SPREAD, 1 + CALIBRATED_SPREAD] : [entry.low, entry.high];
  const min = round4(v * lowShare);
  let max = round4(v * highShare);
  if (entry.share) max = Math.min(1, max);
  if (!(min < max)) return null;
  return { dist: 'triangular', min, mode: Math.min(max, Math.max(min, v)), max };
}

/** The uncertain parameters of a scenario (see the module comment), checked; in JUDGMENT_UNCERTAINTY order, then the block's own. */
export function uncertainParameters(scenario: Scenario): UncertainParameter[] {
  const block = (scenario as { uncertainty?: Record<string, DistSpec> }).uncertainty ?? {};
  const measured = new Set(scenario.calibration?.measured ?? []);
  const chosen: { path: string; spec: DistSpec; source: UncertainParameter['source'] }[] = [];
  for (const entry of JUDGMENT_UNCERTAINTY) {
    if (Object.hasOwn(block, entry.path)) continue;
    const v = valueAtPath(scenario, entry.path);
    if (typeof v !== 'number') continue;
    const spec = judgmentSpec(entry, v, measured.has(entry.path));
    if (spec) chosen.push({ path: entry.path, spec, source: measured.has(entry.path) ? 'calibrated' : 'judgment' });
  }
  const out: UncertainParameter[] = [];
  const fromBlock = Object.keys(block).map((path) => ({ path, spec: block[path]!, source: 'scenario' as const }));
  // The block's entries take the place of their default; its other paths follow, in its order (a stable sort).
  const all = [...chosen, ...fromBlock].sort((a, b) => rank(a.path) - rank(b.path));
  // The fields are checked on the scenario without its block (the loader validated the block's form).
  const { uncertainty: _block, ...plain } = scenario as Scenario & { uncertainty?: unknown };
  for (const { path, spec, source } of all) out.push(checkParameter(plain as Scenario, path, spec, source));
  return out;
}

function rank(path: string): number {
  const i = JUDGMENT_UNCERTAINTY.findIndex((e) => e.path === path);
  return i < 0 ? JUDGMENT_UNCERTAINTY.length : i;
}

/** The distribution of one path, checked against the field (UsageError naming uncertainty.<path>). */
function checkParameter(scenario: Scenario, path: string, spec: DistSpec, source: UncertainParameter['source']): UncertainParameter {
  const field = `uncertainty.${path}`;
  let dist: FullDistribution;
  try {
    dist = parseDist(spec, field);
  } catch (err) {
    if (err instanceof DistributionParameterError || err instanceof RangeError || err instanceof TypeError) throw new UsageError(`${field}: ${(err as Error).message}`, field);
    throw err;
  }
  const low = dist.quantile(0);
  const high = dist.quantile(1);
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high))
    throw new UsageError(`${field}: ${describeSpec(spec)} has no finite range of values; give a distribution that varies (for example { dist: triangular, min: ..., mode: ..., max: ... })`, field);
  try {
    const parameter = pathParameter(scenario, path, low, high, field);
    return { path, spec, dist, source, field, integer: parameter.integer ?? false, baseValue: parameter.baseValue, low, high };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const outside = /is outside what the field takes/.test(err.message);
    if (!outside) throw new UsageError(err.message.replace(`${field} ${path}: `, `${field}: `), field);
    // The field's own rule, e.g. "must be at least 0 (got -0.57)".
    const rule = new RegExp(`${path.replace(/\./g, '\\.')}: ([^;]*)`).exec(err.message.split(' is outside what the field takes: ')[1] ?? '')?.[1] ?? err.message;
    throw new UsageError(
      `${field}: ${describeSpec(spec)} reaches ${round4(low)} to ${round4(high)}, outside what the field takes (${rule}); use a bounded distribution (triangular, uniform, pert, or a normal with min and max) within the field's bounds`,
      field,
    );
  }
}

/** The value of each parameter at a point of the unit hypercube (inverse CDF; whole numbers rounded). */
export function drawParameters(parameters: readonly UncertainParameter[], unit: ArrayLike<number>): number[] {
  return parameters.map((p, i) => {
    const x = p.dist.quantile(unit[i]!);
    return p.integer ? Math.round(x) : x;
  });
}

/** The markdown table of the judgment ranges at a scenario's values (docs/model.md holds the default's; a test keeps them equal). */
export function judgmentUncertaintyTable(scenario: Scenario): string {
  const rows = JUDGMENT_UNCERTAINTY.map((e) => {
    const v = valueAtPath(scenario, e.path);
    const spec = typeof v === 'number' ? judgmentSpec(e, v, false) : null;
    const range = e.range ? `uniform, ${e.range[0]} to ${e.range[1]} whatever the value` : `triangular, x${e.low} to x${e.high}${e.share ? ' (at most 1)' : ''}`;
    return `| \`${e.path}\` | ${range} | ${typeof v === 'number' ? v : '-'} | ${spec ? describeSpec(spec) : 'off (0)'} | ${e.reason} |`;
  });
  return ['| parameter | distribution around the scenario\'s value | default | in the default | why this range |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
