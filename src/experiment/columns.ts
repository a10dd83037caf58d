/**
 * The metric columns of runs.csv and changes.csv, from the metric registry (../model/metrics):
 * name (snake_case, unit in the name), unit, rounding and meaning, in registry order. Values are
 * rounded once, here, before they are written and before any summary is computed, so that a
 * summary recomputed from the CSV text (orchsim merge) is bit-for-bit the summary computed in memory.
 */
import {
  CHANGE_INDEX,
  METRICS,
  RUN_INDEX,
  TOKEN_CLASSES,
  type ChangeRecord,
  type MetricDef,
  type RunMetrics,
} from '../model/index.js';

export { KEPT_METRICS, PAIRED_METRICS, SUMMARY_METRICS, type SummaryMetric } from '../model/index.js';
export { BASELINES } from '../model/index.js';

export interface ColumnDef<T> {
  name: string;
  /** Unit for the data dictionary ('count', 'hours', 'USD', 'tokens', 'share', ...). */
  unit: string;
  /** Decimal places kept (values are rounded half up to this many places). */
  decimals: number;
  description: string;
  get: (row: T) => number;
  /** Where the value sits in the row's `values` array (-1: a token column). */
  index: number;
  /** Where a token column's value sits in the row's `tokens` array (-1: a `values` column). */
  tokenIndex: number;
}

/** Round to `decimals` places; -0 becomes 0; NaN stays NaN. */
export function roundTo(x: number, decimals: number): number {
  if (decimals === 0) return Math.round(x) + 0;
  const f = POW10[decimals]!;
  return Math.round(x * f) / f + 0;
}
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function tokenColumns<T extends { tokens: Float64Array }>(tiers: readonly string[], what: string): ColumnDef<T>[] {
  const out: ColumnDef<T>[] = [];
  tiers.forEach((tier, t) =>
    TOKEN_CLASSES.forEach((cls, c) => {
      const i = t * TOKEN_CLASSES.length + c;
      out.push({
        name: `tokens_${tier}_${cls}`,
        unit: 'tokens',
        decimals: 0,
        description: `${cls.replace('_', ' ')} tokens billed at tier ${tier}, ${what}`,
        get: (r) => r.tokens[i]!,
        index: -1,
        tokenIndex: i,
      });
    }),
  );
  return out;
}

/** The numeric columns of one level, in registry order; text metrics are left to the caller. */
function columnsOf<T extends { tokens: Float64Array; values: Float64Array }>(
  level: 'change' | 'replication',
  tiers: readonly string[],
  index: Readonly<Record<string, number>>,
): ColumnDef<T>[] {
  const out: ColumnDef<T>[] = [];
  for (const m of METRICS as readonly MetricDef[]) {
    if (m.level !== level && m.level !== 'both') continue;
    if (m.text) continue;
    if (m.perTierAndClass) {
      out.push(...tokenColumns<T>(tiers, level === 'change' ? (m.changeDescription ?? m.description) : m.description));
      continue;
    }
    const i = index[m.key]!;
    out.push({
      name: m.column,
      unit: m.unit,
      decimals: m.decimals,
      description: level === 'change' ? (m.changeDescription ?? m.description) : m.description,
      get: (r) => r.values[i]!,
      index: i,
      tokenIndex: -1,
    });
  }
  return out;
}

/** Per replication x regime (sums over the replication's changes unless said). */
export function runColumns(tiers: readonly string[]): ColumnDef<RunMetrics>[] {
  return columnsOf<RunMetrics>('replication', tiers, RUN_INDEX);
}

/** The text column of changes.csv (the registry's text metric). */
export const ABANDON_REASON = (() => {
  const m = (METRICS as readonly MetricDef[]).find((x) => x.text)!;
  return { name: m.column, unit: m.unit, description: m.description };
})();

/** Per change x regime x replication: the numeric columns before and after the text column. */
export function changeColumns(tiers: readonly string[]): { before: ColumnDef<ChangeRecord>[]; after: ColumnDef<ChangeRecord>[] } {
  const all = columnsOf<ChangeRecord>('change', tiers, CHANGE_INDEX);
  const list = (METRICS as readonly MetricDef[]).filter((m) => m.level !== 'replication');
  const textAt = list.findIndex((m) => m.text);
  // Columns before the text metric: the numeric change-level metrics listed before it.
  const before = list.slice(0, textAt).filter((m) => !m.text && !m.perTierAndClass).length;
  return { before: all.slice(0, before), after: all.slice(before) };
}

/** Leading columns of runs.csv before the sweep's parameters and metrics. */
export const RUN_KEY_COLUMNS = ['point', 'replication', 'regime'] as const;
