/**
 * Reusing a regime's replications across the points of a sweep: a regime that reads none of the
 * paths the points differ in (its registry entry declares what it reads) gives the same records
 * at every point, byte for byte, so each replication is simulated once and kept here for the
 * other points. Records are mutated only by the pairing against the people baseline, which is
 * recomputed identically, so that is reuse only when the baseline is reusable too.
 */
import type { ChangeRecord, RunMetrics } from './record.js';
import { PEOPLE_BASELINE, regimeNamed, regimeReads } from './regimes/index.js';
import type { Scenario } from './scenario/schema.js';
import type { WorldStats } from './totals.js';

export interface RegimeRun {
  records: ChangeRecord[];
  stats: WorldStats;
  /** Stream mode: the review queue over the horizon (RegimeWorld.reviewSeries), else null. */
  reviewSeries: Float64Array | null;
  /** Its replication's totals, once computed (the same at every point: the baseline it is paired with is reused too). */
  totals?: RunMetrics;
}

/** The leaf paths (dotted; arrays as a whole) where some scenario differs from the first. */
export function differingPaths(scenarios: readonly Scenario[]): string[] {
  const out = new Set<string>();
  const walk = (values: readonly unknown[], path: string) => {
    const first = values[0];
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (values.every(isObject)) {
      const keys = new Set(values.flatMap((v) => Object.keys(v as object)));
      for (const k of keys) walk(values.map((v) => (v as Record<string, unknown>)[k]), path ? `${path}.${k}` : k);
      return;
    }
    const text = JSON.stringify(first);
    if (values.some((v) => JSON.stringify(v) !== text)) out.add(path);
  };
  if (scenarios.length > 1) walk(scenarios, '');
  return [...out];
}

/** The regimes whose results are the same at every one of these points (none when their regime lists differ). */
export function invariantRegimes(scenarios: readonly Scenario[]): string[] {
  if (scenarios.length < 2) return [];
  const paths = differingPaths(scenarios);
  if (paths.some((p) => p === 'regimes' || p.startsWith('regimes.'))) return [];
  const regimes = scenarios[0]!.regimes as readonly string[];
  const invariant = regimes.filter((r) => !paths.some((p) => regimeReads(regimeNamed(r), p)));
  // Every regime's records are paired against the people baseline's: reuse needs it unchanged too.
  if (PEOPLE_BASELINE && regimes.includes(PEOPLE_BASELINE) && !invariant.includes(PEOPLE_BASELINE)) return [];
  return invariant;
}

/** Records kept at most (beyond it, replications are simulated again rather than kept). */
export const REUSE_MAX_RECORDS = 2_000_000;

/** One regime-run per (regime, replication) of the reusable regimes, shared by the points' replicators. */
export class RegimeRunCache {
  private readonly store: { runs: Map<string, Map<number, RegimeRun>>; records: number };

  constructor(
    readonly regimes: readonly string[],
    store?: RegimeRunCache['store'],
  ) {
    this.store = store ?? { runs: new Map(), records: 0 };
    for (const r of regimes) if (!this.store.runs.has(r)) this.store.runs.set(r, new Map());
  }

  /** The same store, reused for these regimes only (a point that shares fewer regimes with the others). */
  only(regimes: readonly string[]): RegimeRunCache {
    return new RegimeRunCache(regimes, this.store);
  }

  get(regime: string, replication: number): RegimeRun | undefined {
    return this.regimes.includes(regime) ? this.store.runs.get(regime)?.get(replication) : undefined;
  }

  set(regime: string, replication: number, run: RegimeRun): void {
    if (!this.regimes.includes(regime) || this.store.records + run.records.length > REUSE_MAX_RECORDS) return;
    this.store.records += run.records.length;
    this.store.runs.get(regime)!.set(replication, run);
  }
}
