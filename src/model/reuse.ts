/**
 * Reusing a regime's replications where a point does not change it: the one mechanism behind a
 * sweep's unchanged regimes, sensitivity's base runs and the rows the output keeps for them.
 *
 * A regime's results at a point are a function of (seed, replication) and of the scenario values
 * at the paths its registry entry declares it `reads` (test/model/registry.test.ts holds every
 * regime to that), plus the people baseline's, whose records its own are paired against
 * (./reduce). `regimeReuseKey` writes those values down as a string: two points where a regime
 * has the same key give it the same records and totals, byte for byte, so a replication simulated
 * at one is kept (RegimeRunCache, by key and replication) and taken at the other. Whatever a later
 * layer derives from a kept run (a formatted row: ../output/sink) is kept under the same key.
 */
import type { ChangeRecord, RunMetrics } from './record.js';
import { PEOPLE_BASELINE, regimeNamed } from './regimes/index.js';
import type { Scenario } from './scenario/schema.js';
import type { WorldStats } from './totals.js';

export interface RegimeRun {
  records: ChangeRecord[];
  stats: WorldStats;
  /** Stream mode: the review queue over the horizon (RegimeWorld.reviewSeries), else null. */
  reviewSeries: Float64Array | null;
  /** Its replication's totals, once reduced (the same wherever its key is: the baseline is in the key). */
  totals?: RunMetrics;
}

/** A value as JSON with its objects' keys sorted, so that equal values give equal text. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The values at a `reads` pattern (dotted; `*` matches every key at its level), as text. */
function valuesAt(node: unknown, keys: readonly string[]): string {
  if (keys.length === 0) return canonical(node);
  // A path that stops short (a value where the pattern goes deeper): that value is what is read.
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return `!${canonical(node)}`;
  const [head, ...rest] = keys as [string, ...string[]];
  const object = node as Record<string, unknown>;
  if (head !== '*') return valuesAt(object[head], rest);
  const names = Object.keys(object).filter((k) => object[k] !== undefined).sort();
  return `{${names.map((k) => `${JSON.stringify(k)}:${valuesAt(object[k], rest)}`).join(',')}}`;
}

/** What one regime reads of a scenario, as text. */
function readsOf(scenario: Scenario, regime: string): string {
  return regimeNamed(regime).reads.map((pattern) => `${pattern}=${valuesAt(scenario, pattern.split('.'))}`).join(';');
}

/**
 * What a regime's results depend on at this scenario: its name, the values it reads, and those
 * the people baseline reads when the baseline runs (its records are paired against the baseline's).
 */
export function regimeReuseKey(scenario: Scenario, regime: string): string {
  const baseline = PEOPLE_BASELINE && (scenario.regimes as readonly string[]).includes(PEOPLE_BASELINE) ? readsOf(scenario, PEOPLE_BASELINE) : 'none';
  return `${regime}|${readsOf(scenario, regime)}|baseline:${baseline}`;
}

/** The reuse keys that occur at more than one of these points: the runs worth keeping. */
export function sharedReuseKeys(scenarios: readonly Scenario[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const scenario of scenarios)
    for (const regime of scenario.regimes) {
      const key = regimeReuseKey(scenario, regime);
      if (seen.has(key)) shared.add(key);
      else seen.add(key);
    }
  return shared;
}

/** The regimes (of the first point) whose key is the same at every point: simulated once for all (none when the regime lists differ). */
export function invariantRegimes(scenarios: readonly Scenario[]): string[] {
  if (scenarios.length < 2) return [];
  const regimes = scenarios[0]!.regimes as readonly string[];
  if (scenarios.some((s) => canonical(s.regimes) !== canonical(regimes))) return [];
  return regimes.filter((r) => {
    const key = regimeReuseKey(scenarios[0]!, r);
    return scenarios.every((s) => regimeReuseKey(s, r) === key);
  });
}

/** Records kept at most (beyond it, replications are simulated again rather than kept). */
export const REUSE_MAX_RECORDS = 2_000_000;

/** Kept regime runs by reuse key and replication: those of the keys it is told to keep. */
export class RegimeRunCache {
  private readonly runs = new Map<string, Map<number, RegimeRun>>();
  private records = 0;

  /** `keep`: the keys worth keeping (sharedReuseKeys, or a base scenario's keys). */
  constructor(private readonly keep: ReadonlySet<string>) {}

  keeps(key: string): boolean {
    return this.keep.has(key);
  }

  get(key: string, replication: number): RegimeRun | undefined {
    return this.runs.get(key)?.get(replication);
  }

  /** Keep a run under its key, unless the key is not one to keep or the cache is full. */
  set(key: string, replication: number, run: RegimeRun): boolean {
    if (!this.keep.has(key) || this.records + run.records.length > REUSE_MAX_RECORDS) return false;
    this.records += run.records.length;
    let byReplication = this.runs.get(key);
    if (!byReplication) this.runs.set(key, (byReplication = new Map()));
    byReplication.set(replication, run);
    return true;
  }
}
