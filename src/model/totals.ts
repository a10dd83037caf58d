/**
 * A replication's totals: its changes' records reduced to one RunMetrics per regime, each
 * metric as the registry's `aggregate` says (./metrics).
 */
import { CHANGE_INDEX, RUN_INDEX, RUN_METRICS, type Aggregate } from './metrics.js';
import { ChangeRecord, RunMetrics } from './record.js';
import type { Regime } from './regimes/index.js';
import { keptF64 } from './slab.js';

/** Statistics of a replication's world (its queues), not of its changes. */
export interface WorldStats {
  /** Review work hours over the reviewers' open hours from the first arrival to the end. */
  reviewerUtilisation: number;
  reviewerMeanQueueLength: number;
  agentCapUtilisation: number;
  agentCapWaitHours: number;
  handlerUtilisation: number;
  engineerUtilisation: number;
  /** Time-average changes in the system over the horizon (NaN outside a stream). */
  workInProgress: number;
  bottleneckUtilisation: number;
  bottleneckWaitHours: number;
  /** The stream's horizon in months (NaN outside a stream): not a column, the divisor of `perMonth`. */
  horizonMonths: number;
}

/** What the world's statistics need from the changes' records, summed in change-id order. */
export interface RecordSums {
  reviewHours: number;
  /** Authoring (and takeovers), supervision and rework after review: the filing engineers' hours. */
  engineerHours: number;
}

type Step =
  | { kind: 'sum'; to: number; from: number; known: boolean }
  | { kind: 'count'; to: number }
  | { kind: 'ratio'; to: number; numerator: number; denominator: number }
  | { kind: 'tokens'; to: number }
  | { kind: 'perMonth'; to: number; from: number }
  | { kind: 'world'; to: number; stat: Exclude<keyof WorldStats, 'horizonMonths'> };

/** The registry's aggregates compiled once into index arithmetic; ratios last (they read totals). */
interface MeanStep {
  to: number;
  from: number;
  overMerged: boolean;
}

function plan(): { sums: Int32Array; known: Uint8Array; sumTargets: Int32Array; means: MeanStep[]; rest: Step[] } {
  const sums: number[] = [];
  const targets: number[] = [];
  const known: number[] = [];
  const rest: Step[] = [];
  const ratios: Step[] = [];
  const means: MeanStep[] = [];
  RUN_METRICS.forEach((m, to) => {
    const a: Aggregate = m.aggregate ?? { of: 'sum' };
    const find = (index: Readonly<Record<string, number>>, field: string, level: string) => {
      const i = index[field];
      if (i === undefined) throw new Error(`internal: metric ${m.key} aggregates '${field}', which is no ${level}-level metric`);
      return i;
    };
    const from = (field: string) => find(CHANGE_INDEX, field, 'change');
    switch (a.of) {
      case 'sum':
      case 'sumKnown':
        sums.push(from(m.key));
        targets.push(to);
        known.push(a.of === 'sumKnown' ? 1 : 0);
        break;
      case 'count':
        rest.push({ kind: 'count', to });
        break;
      case 'meanOverMerged':
      case 'meanPerChange':
        means.push({ to, from: from(a.field), overMerged: a.of === 'meanOverMerged' });
        break;
      case 'ratio':
        ratios.push({ kind: 'ratio', to, numerator: find(RUN_INDEX, a.numerator, 'replication'), denominator: find(RUN_INDEX, a.denominator, 'replication') });
        break;
      case 'perMonth':
        ratios.push({ kind: 'perMonth', to, from: find(RUN_INDEX, a.field, 'replication') });
        break;
      case 'sumOfTokens':
        rest.push({ kind: 'tokens', to });
        break;
      case 'world':
        rest.push({ kind: 'world', to, stat: a.stat });
        break;
    }
  });
  return { sums: Int32Array.from(sums), known: Uint8Array.from(known), sumTargets: Int32Array.from(targets), means, rest: [...rest, ...ratios] };
}

const PLAN = plan();
const MERGED = CHANGE_INDEX.merged;
const REVIEW_HOURS = CHANGE_INDEX.reviewHours;
const AUTHORING_HOURS = CHANGE_INDEX.authoringHours;
const SUPERVISION_HOURS = CHANGE_INDEX.supervisionHours;
const PEOPLE_REWORK_HOURS = CHANGE_INDEX.peopleReworkHours;

/**
 * A replication of one regime reduced as its changes come: add() them in change-id order (the
 * sums are floating-point, so their order is part of the result), then totals(). One reduction
 * for both ways of running: all records at the end, or each as it finishes (./stream), so the
 * two give the same numbers, bit for bit. Reusable: reset() between replications.
 */
export class TotalsAccumulator {
  private readonly sumValues = new Float64Array(PLAN.sums.length);
  // Scratch, reused: a small new typed array costs more than the sums themselves (see ./slab).
  private readonly meanSums = new Float64Array(PLAN.means.length);
  private readonly knownCount = new Int32Array(PLAN.sums.length);
  private readonly tokens: Float64Array;
  private merged = 0;
  /** Changes added. */
  count = 0;
  /** What the world's utilisations read from the changes added. */
  readonly sums: RecordSums = { reviewHours: 0, engineerHours: 0 };

  constructor(readonly tokenSlots: number) {
    this.tokens = new Float64Array(tokenSlots);
  }

  reset(): void {
    this.sumValues.fill(0);
    this.meanSums.fill(0);
    this.knownCount.fill(0);
    this.tokens.fill(0);
    this.merged = 0;
    this.count = 0;
    this.sums.reviewHours = 0;
    this.sums.engineerHours = 0;
  }

  add(r: ChangeRecord): void {
    const { sums, known, means } = PLAN;
    const out = this.sumValues;
    const knownCount = this.knownCount;
    const meanSums = this.meanSums;
    const tokens = this.tokens;
    const v = r.values;
    for (let j = 0; j < sums.length; j++) {
      const x = v[sums[j]!]!;
      if (known[j] === 0) out[j] += x;
      else if (!Number.isNaN(x)) {
        out[j] += x;
        knownCount[j]++;
      }
    }
    const isMerged = v[MERGED] !== 0;
    if (isMerged) this.merged++;
    for (let j = 0; j < means.length; j++) if (isMerged || !means[j]!.overMerged) meanSums[j] += v[means[j]!.from]!;
    for (let i = 0; i < tokens.length; i++) tokens[i] += r.tokens[i]!;
    this.sums.reviewHours += v[REVIEW_HOURS]!;
    this.sums.engineerHours += v[AUTHORING_HOURS]! + v[SUPERVISION_HOURS]! + v[PEOPLE_REWORK_HOURS]!;
    this.count++;
  }

  /** The replication's totals of the changes added, with its world's statistics. */
  totals(regime: Regime, replication: number, stats: WorldStats): RunMetrics {
    const tokens = keptF64(this.tokenSlots);
    tokens.set(this.tokens);
    const run = new RunMetrics(regime, replication, tokens);
    const out = run.values;
    const { sums, known, sumTargets, means } = PLAN;
    for (let j = 0; j < sums.length; j++) out[sumTargets[j]!] = known[j] === 1 && this.knownCount[j] === 0 ? Number.NaN : this.sumValues[j]!;
    for (let j = 0; j < means.length; j++) {
      const count = means[j]!.overMerged ? this.merged : this.count;
      out[means[j]!.to] = count ? this.meanSums[j]! / count : Number.NaN;
    }
    const n = this.count;
    for (const step of PLAN.rest) {
      switch (step.kind) {
        case 'count':
          out[step.to] = n;
          break;
        case 'tokens': {
          let s = 0;
          for (let i = 0; i < tokens.length; i++) s += tokens[i]!;
          out[step.to] = s;
          break;
        }
        case 'world':
          out[step.to] = stats[step.stat];
          break;
        case 'perMonth':
          out[step.to] = out[step.from]! / stats.horizonMonths;
          break;
        case 'ratio': {
          const d = out[step.denominator]!;
          out[step.to] = d ? out[step.numerator]! / d : Number.NaN;
          break;
        }
      }
    }
    return run;
  }
}

/** RecordSums of a replication's records, added as TotalsAccumulator.add adds them (the same bits). */
export function recordSums(records: readonly ChangeRecord[]): RecordSums {
  const sums: RecordSums = { reviewHours: 0, engineerHours: 0 };
  for (const r of records) {
    const v = r.values;
    sums.reviewHours += v[REVIEW_HOURS]!;
    sums.engineerHours += v[AUTHORING_HOURS]! + v[SUPERVISION_HOURS]! + v[PEOPLE_REWORK_HOURS]!;
  }
  return sums;
}

/**
 * One replication of one regime reduced: sums over its changes unless the registry says otherwise
 * (records as they are: pairing against the baseline is ./reduce's, which replications use).
 */
export function replicationTotals(
  regime: Regime,
  replication: number,
  tokenSlots: number,
  records: readonly ChangeRecord[],
  stats: WorldStats,
): RunMetrics {
  const acc = new TotalsAccumulator(tokenSlots);
  for (const r of records) acc.add(r);
  return acc.totals(regime, replication, stats);
}
