/** Loading the shipped presets and running them, for the preset tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  compileScenario,
  mergeScenario,
  parseScenarioText,
  resolveScenario,
  Replicator,
  type RunMetrics,
  type Scenario,
} from '../../src/model/index.js';

export const CONFIGS = fileURLToPath(new URL('../../configs/', import.meta.url));

/** Every YAML file in configs/. */
export function configFiles(): string[] {
  return readdirSync(CONFIGS)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
}

export function presetText(file: string): string {
  return readFileSync(`${CONFIGS}${file}`, 'utf8');
}

/** The preset as written (a partial scenario), before merging onto the default. */
export function presetRaw(name: string): Record<string, unknown> {
  return (parse(presetText(`${name}.yaml`)) ?? {}) as Record<string, unknown>;
}

/** The preset resolved onto the default, with further overrides merged on top. */
export function preset(name: string, ...overrides: unknown[]): Scenario {
  if (overrides.length === 0) return parseScenarioText(presetText(`${name}.yaml`), `${name}.yaml`);
  let partial: unknown = presetRaw(name);
  for (const o of overrides) partial = mergeScenario(partial, o);
  return resolveScenario(partial);
}

/** Replications 0 .. runs-1 of a scenario on one seed: per regime, one RunMetrics per replication. */
export function run(scenario: Scenario, runs: number, seed: number | string = 1): Record<string, RunMetrics[]> {
  const model = compileScenario(scenario);
  const replicator = new Replicator(model, seed);
  const out: Record<string, RunMetrics[]> = Object.fromEntries(model.regimes.map((r) => [r, [] as RunMetrics[]]));
  for (let r = 0; r < runs; r++) {
    const outcome = replicator.run(r);
    outcome.runs.forEach((m) => out[m.regime]!.push(m));
  }
  return out;
}

export function sum(runs: RunMetrics[], key: keyof RunMetrics): number {
  return runs.reduce((s, r) => s + (r[key] as number), 0);
}

/** Cost per merged change over all replications: the ratio of sums (everything spent / everything merged). */
export function costPerMerged(runs: RunMetrics[]): number {
  return sum(runs, 'totalUsd') / sum(runs, 'merged');
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Median request-to-merge hours over the replications whose change merged (single-change mode). */
export function medianWallClock(runs: RunMetrics[]): number {
  return median(runs.filter((r) => r.merged > 0).map((r) => r.wallClockHours));
}

export function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Mean and half-width of a 95% t-interval. */
export function meanCi(xs: number[]): { mean: number; half: number } {
  const n = xs.length;
  const m = mean(xs);
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const t = n >= 30 ? 1.96 : [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05][n - 2]!;
  return { mean: m, half: (t * sd) / Math.sqrt(n) };
}

/** The cost terms of RunMetrics that add up to totalUsd. */
export const COST_TERMS = [
  'inferenceUsd',
  'supervisionUsd',
  'reviewUsd',
  'reworkUsd',
  'authoringUsd',
  'remediationUsd',
  'buildUsd',
  'delayUsd',
] as const;

/** Print a line of measured numbers (vitest shows console output for failing and, with --reporter verbose, passing tests). */
export function note(label: string, values: Record<string, number | string>): void {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(5) : v}`);
  console.log(`[presets] ${label}: ${parts.join(' ')}`);
}
