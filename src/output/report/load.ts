/**
 * What a report reads from an output directory: meta.json, summary.csv, distributions.csv (sums
 * per sweep point and regime, and the quantiles of a few metrics, reduced while the run went), and
 * changes.csv reduced in one streaming pass to open changes per time bin, and review_queue.csv
 * (small: the review queue per time bin). A directory written
 * before distributions.csv existed has runs.csv reduced to the same figures instead, in one
 * streaming pass (the same functions, so the same bytes): seconds for a million replications.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../model/index.js';
import { pointScenario, type Statistic, type SummaryRow } from '../../experiment/index.js';
import { DISTRIBUTION_METRICS, horizonHoursOf } from '../../model/index.js';
import { parseCsvLine, parseNumberCell } from '../csv.js';
import { columnDistribution, ExactSums, parseDistributionsCsv, scaledInteger, summedColumns, sumValue, type DistributionsGroup } from '../distributions.js';
import { readColumns, readHeader } from './columnReader.js';
import { OBSERVED_VS_SIMULATED_FILE, parseObservedVsSimulated, type ObservedVsSimulatedRow } from '../observed.js';
import { SUMMARY_STAT_COLUMNS } from '../summaryCsv.js';

export interface RunMeta {
  orchsim: string;
  command: string;
  argv: string[];
  scenarioName: string;
  scenario: Scenario;
  seed: number | string;
  runs: number;
  grid: { path: string; column: string; values: unknown[] }[];
  points: { point: number; values: Record<string, unknown>; regimes: string[]; fanout: number }[];
  tiers: string[];
}

/** Sums and distributions of one (sweep point, regime) of runs.csv (as distributions.csv holds them). */
export type GroupAggregate = DistributionsGroup;

/** Open changes per time bin: mean over replications of the time-average count in each bin. */
export interface OpenChangesSeries {
  binHours: number;
  /** Per regime, one value per bin. */
  byRegime: Map<string, Float64Array>;
}

/** review_queue.csv (stream mode), one row per regime and bin of the horizon: what the chart draws. */
export interface ReviewQueueRow {
  regime: string;
  startHours: number;
  endHours: number;
  queueLength: number;
  utilisation: number;
}

export interface RunDirData {
  dir: string;
  meta: RunMeta;
  summary: SummaryRow[];
  /** runs.csv columns present (a chart may depend on one that older outputs lack). */
  runColumns: Set<string>;
  groups: GroupAggregate[];
  openChanges: OpenChangesSeries | null;
  /** review_queue.csv's rows (one point), null without the file. */
  reviewQueue: ReviewQueueRow[] | null;
  /** observed-vs-simulated.csv's rows, when the run compared what calibrate observed. */
  observed: ObservedVsSimulatedRow[] | null;
}

/** A column whose share the merge chart shows when outputs hold it (not written by orchsim yet). */
export const RESOLVED_WITHOUT_PERSON_COLUMN = 'resolved';

/** A point's scenario, from the base scenario and the point's values (each regime labels itself from it). */
export function pointScenarioOf(meta: Pick<RunMeta, 'scenario' | 'grid'>, p: RunMeta['points'][number]): Scenario {
  return pointScenario(meta.scenario, meta.grid, p.values);
}

function readMeta(dir: string): RunMeta {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) throw new Error(`${dir}: no meta.json (not an orchsim output directory)`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunMeta;
}

/** summary.csv parsed back into rows (the inverse of summaryCsv). */
export function parseSummaryCsv(text: string): SummaryRow[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`summary.csv: no column ${name}`);
    return i;
  };
  const [iPoint, iRegime, iBaseline, iMetric, iStat] = ['point', 'regime', 'baseline', 'metric', 'statistic'].map(at) as [number, number, number, number, number];
  const stat = SUMMARY_STAT_COLUMNS.map(at);
  return lines.slice(1).map((line) => {
    const c = parseCsvLine(line);
    const v = stat.map((i) => parseNumberCell(c[i]!));
    return {
      point: Number(c[iPoint]),
      regime: c[iRegime]!,
      baseline: c[iBaseline]!,
      metric: c[iMetric]!,
      statistic: c[iStat] as Statistic,
      n: v[0]!,
      mean: v[1]!,
      sd: v[2]!,
      ciLow: v[3]!,
      ciHigh: v[4]!,
      p5: v[5]!,
      p25: v[6]!,
      p50: v[7]!,
      p75: v[8]!,
      p95: v[9]!,
      p99: v[10]!,
      relativePct: v[11]!,
      relativeCiLowPct: v[12]!,
      relativeCiHighPct: v[13]!,
      pBetter: v[14]!,
      bothShare: v[15] ?? Number.NaN,
    };
  });
}

/** A Float64Array that grows by doubling. */
class Growable {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * runs.csv reduced to what distributions.csv holds (an output written before that file existed):
 * exact sums of the summed columns, and in a run the distributions of DISTRIBUTION_METRICS.
 */
function readRuns(file: string, tiers: readonly string[], keepValues: boolean, expectedRows: number): GroupAggregate[] {
  let summed: { name: string; decimals: number }[] = [];
  let kept: string[] = [];
  type Group = { agg: GroupAggregate; sums: ExactSums; kept: Growable[] };
  const groups = new Map<string, Group>();
  // Rows come point by point, the regimes of a replication in turn: look the group up by regime
  // within the current point, and by a string key only when the point changes.
  let lastPoint = Number.NaN;
  let byRegime = new Map<string, Group>();
  readColumns(
    file,
    (cells) => {
      if (!cells.includes('point') || !cells.includes('regime')) throw new Error(`${file}: not an orchsim runs.csv (no point or regime column)`);
      summed = summedColumns(tiers).filter((c) => cells.includes(c.name));
      kept = keepValues ? DISTRIBUTION_METRICS.filter((c) => cells.includes(c)) : [];
      return { numeric: ['point', ...summed.map((c) => c.name), ...kept], text: ['regime'] };
    },
    (numbers, texts) => {
      const point = numbers[0]!;
      const regime = texts[0]!;
      if (point !== lastPoint) {
        lastPoint = point;
        byRegime = new Map([...groups.values()].filter((g) => g.agg.point === point).map((g) => [g.agg.regime, g]));
      }
      let g = byRegime.get(regime);
      if (!g) {
        const agg: GroupAggregate = { point, regime, rows: 0, sums: new Map(), counts: new Map(), distributions: new Map() };
        g = { agg, sums: new ExactSums(summed.length), kept: kept.map(() => new Growable(expectedRows)) };
        groups.set(`${point}|${regime}`, g);
        byRegime.set(regime, g);
      }
      g.agg.rows++;
      for (let k = 0; k < summed.length; k++) {
        const x = numbers[1 + k]!;
        if (x === x) g.sums.add(k, scaledInteger(x, summed[k]!.decimals));
      }
      for (let k = 0; k < kept.length; k++) g.kept[k]!.push(numbers[1 + summed.length + k]!);
    },
  );
  return [...groups.values()].map((g) => {
    summed.forEach((c, k) => {
      g.agg.sums.set(c.name, sumValue(g.sums.total(k), c.decimals));
      g.agg.counts.set(c.name, g.sums.counts[k]!);
    });
    kept.forEach((c, k) => {
      const d = columnDistribution(g.kept[k]!.view());
      g.agg.distributions.set(c, d);
      if (!g.agg.counts.has(c)) g.agg.counts.set(c, d.n);
    });
    return g.agg;
  });
}

/** Hours of a stream's horizon, or null for one-change mode. */
export function horizonHours(scenario: Scenario): number | null {
  return scenario.mode.kind === 'stream' ? horizonHoursOf(scenario.mode) : null;
}

/**
 * Changes open (arrived, not yet merged or abandoned) over time, from changes.csv: per regime
 * and bin, the time-average count, averaged over replications. A change still open at the
 * horizon (no end) counts to the horizon.
 */
function readOpenChanges(file: string, horizon: number, replications: number, bins = 168): OpenChangesSeries {
  const binHours = horizon / bins;
  const byRegime = new Map<string, Float64Array>();
  readColumns(
    file,
    (cells) => {
      if (!['regime', 'arrival_hours', 'end_hours'].every((c) => cells.includes(c))) throw new Error(`${file}: not an orchsim changes.csv`);
      return { numeric: ['point', 'arrival_hours', 'end_hours'], text: ['regime'] };
    },
    (numbers, texts) => {
      const [point, arrival, endCell] = numbers as unknown as [number, number, number];
      if (point > 0) return; // a run has one point; NaN (no column) is one too
      let series = byRegime.get(texts[0]!);
      if (!series) byRegime.set(texts[0]!, (series = new Float64Array(bins)));
      const start = Math.max(0, arrival);
      const end = Math.min(horizon, Number.isFinite(endCell) ? endCell : horizon);
      for (let b = Math.floor(start / binHours); b < bins && b * binHours < end; b++) {
        const overlap = Math.min(end, (b + 1) * binHours) - Math.max(start, b * binHours);
        if (overlap > 0) series[b]! += overlap / binHours / replications;
      }
    },
  );
  return { binHours, byRegime };
}

/** review_queue.csv of a run (one point): small (regimes x 100 bins), read whole. */
function readReviewQueue(file: string): ReviewQueueRow[] {
  const [head = '', ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const header = parseCsvLine(head);
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: not an orchsim review_queue.csv (no ${name})`);
    return i;
  };
  const [regime, start, end, queue, utilisation] = ['regime', 'start_hours', 'end_hours', 'review_queue_length', 'reviewer_utilisation'].map(at) as number[];
  return lines.map((line) => {
    const cells = parseCsvLine(line);
    return {
      regime: cells[regime!]!,
      startHours: parseNumberCell(cells[start!]!),
      endHours: parseNumberCell(cells[end!]!),
      queueLength: parseNumberCell(cells[queue!]!),
      utilisation: parseNumberCell(cells[utilisation!]!),
    };
  });
}

/** Everything a run or sweep report draws from, read from `dir`. */
export async function loadRunDir(dir: string): Promise<RunDirData> {
  const meta = readMeta(dir);
  const summaryFile = join(dir, 'summary.csv');
  const runsFile = join(dir, 'runs.csv');
  for (const f of [summaryFile, runsFile]) if (!existsSync(f)) throw new Error(`${dir}: no ${f.slice(dir.length + 1)}`);
  const summary = parseSummaryCsv(readFileSync(summaryFile, 'utf8'));
  const columns = new Set(readHeader(runsFile));
  const distributionsFile = join(dir, 'distributions.csv');
  const groups = existsSync(distributionsFile)
    ? parseDistributionsCsv(readFileSync(distributionsFile, 'utf8'), distributionsFile)
    : readRuns(runsFile, meta.tiers, meta.points.length === 1, meta.runs);
  const changesFile = join(dir, 'changes.csv');
  const horizon = horizonHours(meta.scenario);
  const openChanges = horizon !== null && meta.points.length === 1 && existsSync(changesFile) ? readOpenChanges(changesFile, horizon, meta.runs) : null;
  const reviewQueueFile = join(dir, 'review_queue.csv');
  const reviewQueue = meta.points.length === 1 && existsSync(reviewQueueFile) ? readReviewQueue(reviewQueueFile) : null;
  const observedFile = join(dir, OBSERVED_VS_SIMULATED_FILE);
  const observed = existsSync(observedFile) ? parseObservedVsSimulated(readFileSync(observedFile, 'utf8')) : null;
  return { dir, meta, summary, runColumns: columns, groups, openChanges, reviewQueue, observed };
}
