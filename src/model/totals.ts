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
}

type Step =
  | { kind: 'sum'; to: number; from: number; known: boolean }
  | { kind: 'count'; to: number }
  | { kind: 'ratio'; to: number; numerator: number; denominator: number }
  | { kind: 'tokens'; to: number }
  | { kind: 'world'; to: number; stat: keyof WorldStats };

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
const MEAN_SUMS = new Float64Array(PLAN.means.length);
const KNOWN_COUNT = new Int32Array(PLAN.sums.length);
const MERGED = CHANGE_INDEX.merged;

/** One replication of one regime reduced: sums over its changes unless the registry says otherwise. */
export function replicationTotals(
  regime: Regime,
  replication: number,
  tokenSlots: number,
  records: readonly ChangeRecord[],
  stats: WorldStats,
): RunMetrics {
  const tokens = keptF64(tokenSlots);
  const run = new RunMetrics(regime, replication, tokens);
  const out = run.values;
  const { sums, known, sumTargets, means } = PLAN;
  // Scratch, reused: a small new typed array costs more than the sums themselves (see ./slab).
  const meanSums = MEAN_SUMS.fill(0);
  const knownCount = KNOWN_COUNT.fill(0);
  let merged = 0;
  for (const r of records) {
    const v = r.values;
    for (let j = 0; j < sums.length; j++) {
      const x = v[sums[j]!]!;
      if (known[j] === 0) out[sumTargets[j]!] += x;
      else if (!Number.isNaN(x)) {
        out[sumTargets[j]!] += x;
        knownCount[j]++;
      }
    }
    const isMerged = v[MERGED] !== 0;
    if (isMerged) merged++;
    for (let j = 0; j < means.length; j++) if (isMerged || !means[j]!.overMerged) meanSums[j] += v[means[j]!.from]!;
    for (let i = 0; i < tokens.length; i++) tokens[i] += r.tokens[i]!;
  }
  for (let j = 0; j < sums.length; j++) if (known[j] === 1 && knownCount[j] === 0) out[sumTargets[j]!] = Number.NaN;
  for (let j = 0; j < means.length; j++) {
    const count = means[j]!.overMerged ? merged : records.length;
    out[means[j]!.to] = count ? meanSums[j]! / count : Number.NaN;
  }
  const n = records.length;
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
      case 'ratio': {
        const d = out[step.denominator]!;
        out[step.to] = d ? out[step.numerator]! / d : Number.NaN;
        break;
      }
    }
  }
  return run;
}
