/**
 * The size of a sensitivity design before it is built (issue 25): `--method sobol --samples
 * 10000000` built 1.3 GB of design in 45 s, with no guard and no dry run. From the method's
 * settings and the parameter count alone: the design's points, the replications simulated, and
 * the memory the evaluation keeps (every metric of every point's replications, and the points'
 * coordinates); refused with the figures and the fix when it would not fit in the memory the
 * process may use (./memoryLimit.ts).
 */
import { UsageError } from '../errors/index.js';
import type { SensitivityMethod } from '../model/index.js';
import { FREE_SHARE, MEMORY_MARGIN, showBytes } from './guards.js';
import { availableMemory } from './memoryLimit.js';

export interface SensitivityPlan {
  method: SensitivityMethod;
  parameters: number;
  /** Design points evaluated, the noise points included. */
  points: number;
  /** Replications per point. */
  runs: number;
  /** Replications simulated in all (each of every regime the point's parameters touch, at most). */
  replications: number;
  /** Metrics kept per replication. */
  metrics: number;
  memoryBytes: number;
  availableBytes: number;
  memoryLimitedBy: string;
}

/** The points of a design: tornado 2k + 1; Morris r (k + 1) and r noise points; Sobol N (k + 2) and up to `sobolNoise` noise points. */
export function designPointCount(method: SensitivityMethod, k: number, settings: { trajectories: number; samples: number; sobolNoise: number }): number {
  if (method === 'tornado') return 2 * k + 1;
  if (method === 'morris') return settings.trajectories * (k + 1) + settings.trajectories;
  return settings.samples * (k + 2) + Math.min(settings.samples, settings.sobolNoise);
}

export function planSensitivity(
  method: SensitivityMethod,
  parameters: number,
  runs: number,
  metrics: number,
  settings: { trajectories: number; samples: number; sobolNoise: number },
): SensitivityPlan {
  const points = designPointCount(method, parameters, settings);
  const memory = availableMemory();
  // The columns of every point (8 bytes x metrics x runs) and its coordinates (8 bytes x k), with the run guard's margin.
  const memoryBytes = MEMORY_MARGIN * (process.memoryUsage().rss + points * 8 * (metrics * runs + parameters));
  return { method, parameters, points, runs, replications: points * runs, metrics, memoryBytes, availableBytes: memory.bytes, memoryLimitedBy: memory.limitedBy };
}

/** The plan in a few lines (sensitivity --dry-run). */
export function describeSensitivityPlan(plan: SensitivityPlan): string {
  return [
    `method:        ${plan.method}, ${plan.parameters} parameter${plan.parameters === 1 ? '' : 's'}`,
    `points:        ${plan.points.toLocaleString('en-US')} (noise points included)`,
    `replications:  ${plan.runs.toLocaleString('en-US')} per point, ${plan.replications.toLocaleString('en-US')} in all (fewer where a point changes no parameter a regime reads)`,
    `memory:        about ${showBytes(plan.memoryBytes)} at peak (${showBytes(plan.availableBytes)} available: ${plan.memoryLimitedBy})`,
  ].join('\n');
}

/** Throws UsageError with the figures and the fix when the design would not fit in memory. */
export function checkSensitivityFits(plan: SensitivityPlan): void {
  const share = plan.memoryBytes / (plan.availableBytes * FREE_SHARE);
  if (share <= 1) return;
  const fix =
    plan.method === 'sobol'
      ? `give fewer --samples (--samples ${Math.max(2, Math.floor(plan.points / (plan.parameters + 2) / share)).toLocaleString('en-US')} would fit) or fewer --runs`
      : plan.method === 'morris'
        ? 'give fewer --trajectories or fewer --runs'
        : 'give fewer --runs or fewer parameters';
  throw new UsageError(
    `sensitivity --method ${plan.method}: ${plan.points.toLocaleString('en-US')} design points x ${plan.runs.toLocaleString('en-US')} replications x ${plan.metrics} metrics ` +
      `would need about ${showBytes(plan.memoryBytes)} of memory, but ${showBytes(plan.availableBytes)} is available (${plan.memoryLimitedBy}); ${fix}`,
    plan.method === 'sobol' ? 'samples' : plan.method === 'morris' ? 'trajectories' : 'runs',
  );
}
