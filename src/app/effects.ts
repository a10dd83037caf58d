/**
 * Settings that cannot matter: a parameter the chosen regimes never read (the regime registry's
 * `reads`), or one the mode makes moot (one change never queues for review). `validate`, `run`
 * and `sweep` print these as warnings (stderr, exit 0); a sweep whose points all gave the same
 * results says so too.
 */
import { DEFAULT_SCENARIO, METRICS, regimeNamed, regimeReads, type MetricDef, type Scenario } from '../model/index.js';
import type { SummaryRow } from '../experiment/index.js';

/** Dotted paths of the leaves where `scenario` differs from `base` (arrays count as leaves). */
export function changedPaths(scenario: unknown, base: unknown, prefix = ''): string[] {
  if (scenario && typeof scenario === 'object' && !Array.isArray(scenario) && base && typeof base === 'object' && !Array.isArray(base)) {
    const out: string[] = [];
    for (const [k, v] of Object.entries(scenario as Record<string, unknown>))
      out.push(...changedPaths(v, (base as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
    return out;
  }
  return JSON.stringify(scenario) === JSON.stringify(base) ? [] : [prefix];
}

/** Paths the single-change mode makes moot, and why. */
const MOOT_FOR_ONE_CHANGE: ReadonlyArray<[prefix: string, why: string]> = [
  ['review.reviewers', 'one change never queues for review'],
  ['people.handlers', 'one change never queues for a person'],
];

/** Why setting `path` cannot change this scenario's results, or null when it can. */
export function whyWithoutEffect(scenario: Scenario, path: string): string | null {
  // What no regime reads but is not a model setting: labels, the default runs, the decision, the sensitivity
  // command's own block, and calibration (what observed-vs-simulated.csv compares with).
  if (['name', 'description', 'defaultRuns', 'regimes', 'decision', 'sensitivity', 'calibration'].some((p) => path === p || path.startsWith(`${p}.`))) return null;
  if (!scenario.regimes.some((r) => regimeReads(regimeNamed(r), path)))
    return `none of the regimes run here (${scenario.regimes.join(', ')}) reads it`;
  if (scenario.mode.kind === 'single-change')
    for (const [prefix, why] of MOOT_FOR_ONE_CHANGE) if (path === prefix || path.startsWith(`${prefix}.`)) return `in single-change mode ${why}`;
  return null;
}

/** Warnings for the given paths (set by the user), one line each. */
export function effectWarnings(scenario: Scenario, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of new Set(paths)) {
    const why = whyWithoutEffect(scenario, path);
    if (why) out.push(`${path} has no effect here: ${why}`);
  }
  return out;
}

/** Paths the user set: where the scenario differs from the embedded default, plus --set paths. */
export function userPaths(scenario: Scenario, setPaths: readonly string[] = []): string[] {
  return [...changedPaths(scenario, DEFAULT_SCENARIO), ...setPaths];
}

/** Metrics that describe the world's capacity (a reviewer's utilisation), not what happened. */
const WORLD_METRICS: ReadonlySet<string> = new Set(
  (METRICS as readonly MetricDef[]).filter((m) => m.aggregate?.of === 'world').map((m) => m.column),
);

/**
 * Did every point of a sweep give the same outcomes (the varied parameters changed nothing)? The
 * world's capacity statistics are left out: more reviewers idle more without changing anything.
 */
export function sweepWithoutEffect(rows: readonly SummaryRow[]): boolean {
  const byPoint = new Map<number, string[]>();
  for (const r of rows) {
    if (WORLD_METRICS.has(r.metric)) continue;
    const { point: _point, ...rest } = r;
    const list = byPoint.get(r.point) ?? [];
    list.push(JSON.stringify(rest));
    byPoint.set(r.point, list);
  }
  const points = [...byPoint.values()].map((l) => l.join('\n'));
  return points.length > 1 && points.every((p) => p === points[0]);
}
