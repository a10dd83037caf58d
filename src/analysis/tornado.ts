/**
 * Tornado: one parameter at a time to its low and its high end, the others at the base point, on
 * common random numbers (every point runs the same replications).
 *
 * Noise: each end is compared with the base by its paired difference over the replications
 * (./metrics.ts), so the interval of `lowDelta`, `highDelta` and `swingDelta` is the replication
 * noise of that comparison, narrowed by the common random numbers; noise that does not depend on
 * the point cancels exactly. An end whose interval contains 0 is not distinguishable from the
 * base at this number of replications.
 */
import { checkParameters, midpoint, type Parameter } from './parameters.js';
import { evaluateColumns, replicationSet, type AnalysisModel, type ReplicationOptions } from './evaluate.js';
import { metricInterval, metricValue, pairedDifference, resolveMetrics, type Columns, type Metric, type MetricEstimate } from './metrics.js';

/** The points of a tornado: `points[0]` the base, then per parameter i its low end (2i + 1) and high end (2i + 2). */
export interface TornadoDesign {
  parameters: readonly Parameter[];
  base: Float64Array;
  points: Float64Array[];
}

/** One parameter's bar for one metric. */
export interface TornadoBar {
  parameter: string;
  /** 1 for the largest swing; equal swings keep the parameters' order. */
  rank: number;
  /** The parameter's values at the two ends (its range). */
  lowSetting: number;
  highSetting: number;
  /** The metric with the parameter at its low and its high end. */
  low: number;
  high: number;
  /** low - base and high - base, paired, with their 95% intervals. */
  lowDelta: MetricEstimate;
  highDelta: MetricEstimate;
  /** |high - low|. */
  swing: number;
  /** high - low, paired, with its 95% interval. */
  swingDelta: MetricEstimate;
}

/** A metric's tornado: the base value and the bars, ranked by swing (largest first). */
export interface TornadoMetric {
  metric: string;
  base: MetricEstimate;
  bars: TornadoBar[];
}

/** The base point (default: every range's midpoint) and the 2k ends around it. */
export function tornadoDesign(parameters: readonly Parameter[], base?: ArrayLike<number>): TornadoDesign {
  checkParameters(parameters, 'tornado');
  const center = base ? Float64Array.from(base as ArrayLike<number>) : midpoint(parameters);
  if (center.length !== parameters.length) throw new RangeError(`tornado: base has ${center.length} values for ${parameters.length} parameters`);
  parameters.forEach((p, i) => {
    const v = center[i]!;
    if (!(v >= p.low && v <= p.high) || (p.integer && !Number.isInteger(v))) {
      throw new RangeError(`tornado: base value ${v} of '${p.name}' must be ${p.integer ? 'a whole number ' : ''}in ${p.low}..${p.high}`);
    }
  });
  const points = [center];
  parameters.forEach((p, i) => {
    for (const end of [p.low, p.high]) {
      const point = Float64Array.from(center);
      point[i] = end;
      points.push(point);
    }
  });
  return { parameters, base: center, points };
}

/** The tornado of every metric from the per-replication output columns at each design point. */
export function tornadoAnalyze(design: TornadoDesign, metrics: readonly Metric[], columns: readonly Columns[]): TornadoMetric[] {
  if (columns.length !== design.points.length) throw new RangeError(`tornado: ${columns.length} evaluations for ${design.points.length} points`);
  const base = columns[0]!;
  return metrics.map((metric) => {
    const bars = design.parameters.map((p, i): TornadoBar => {
      const lowColumns = columns[2 * i + 1]!;
      const highColumns = columns[2 * i + 2]!;
      const low = metricValue(metric, lowColumns);
      const high = metricValue(metric, highColumns);
      return {
        parameter: p.name,
        rank: 0,
        lowSetting: p.low,
        highSetting: p.high,
        low,
        high,
        lowDelta: pairedDifference(metric, lowColumns, base),
        highDelta: pairedDifference(metric, highColumns, base),
        swing: Math.abs(high - low),
        swingDelta: pairedDifference(metric, highColumns, lowColumns),
      };
    });
    const order = bars.map((_, i) => i).sort((a, b) => bySwing(bars[a]!.swing, bars[b]!.swing) || a - b);
    const ranked = order.map((i, r) => ({ ...bars[i]!, rank: r + 1 }));
    return { metric: metric.name, base: metricInterval(metric, base), bars: ranked };
  });
}

/** Larger swings first; NaN last. */
function bySwing(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return b - a;
}

/** Options of {@link tornado}: the replications and the base point (default: midpoints). */
export interface TornadoOptions extends ReplicationOptions {
  base?: ArrayLike<number>;
}

/**
 * Tornado of `model`: designs, evaluates every point on the same replications, analyses.
 *
 * @example
 * ```ts
 * import { tornado } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const model = {
 *   parameters: [{ name: 'speed', low: 1, high: 3 }, { name: 'price', low: 10, high: 20 }],
 *   outputs: ['cost'],
 *   // One replication's outputs at a point: depends on (point, replication) only.
 *   f: (point, replication) => [point[1] / point[0] + 0.1 * Math.sin(replication)],
 * };
 * const [cost] = tornado(model, { replications: 20 });
 * assert.equal(cost.bars[0].parameter, 'speed'); // the widest bar first
 * ```
 */
export function tornado(model: AnalysisModel, options: TornadoOptions = {}): TornadoMetric[] {
  const design = tornadoDesign(model.parameters, options.base);
  const set = replicationSet(options, 'tornado');
  const metrics = resolveMetrics(model.outputs, model.metrics);
  return tornadoAnalyze(design, metrics, design.points.map((p) => evaluateColumns(model, p, set)));
}
