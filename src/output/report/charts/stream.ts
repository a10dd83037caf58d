/**
 * Run charts of stream mode: the review queue and the reviewers' load per replication (runs.csv),
 * and the changes open over time (changes.csv).
 */
import { meanAndRange } from '../binned.js';
import { horizonHours } from '../load.js';
import { group, isStream, num, regimeColour, regimesOf, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

const LOAD_MEASURES = [
  { column: 'reviewer_utilisation', title: 'reviewer utilisation', format: TICK_FORMAT.percent },
  { column: 'reviewer_mean_queue_length', title: 'mean review-queue length, changes', format: TICK_FORMAT.number },
] as const;

export function reviewLoadChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run' || !isStream(data.run)) return null;
  const run = data.run;
  const regimes = regimesOf(run);
  const panels = LOAD_MEASURES.flatMap((m) => {
    const values: Record<string, unknown>[] = [];
    for (const regime of regimes) {
      const v = group(run, 0, regime)?.distributions.get(m.column);
      if (!v) continue;
      const s = meanAndRange(v);
      if (s.n > 0) values.push({ regime, mean: num(s.mean), p5: num(s.p5), p95: num(s.p95) });
    }
    if (values.length === 0) return [];
    return [
      {
        title: m.title,
        width: 260,
        height: { step: 30 },
        data: { values },
        encoding: { y: { field: 'regime', type: 'nominal', sort: regimes, title: null } },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'p5', type: 'quantitative', title: m.title, axis: { format: m.format } }, x2: { field: 'p95' }, color: regimeColour(regimes) } },
          { mark: { type: 'point', filled: true, size: 80 }, encoding: { x: { field: 'mean', type: 'quantitative' }, color: regimeColour(regimes), tooltip: [{ field: 'regime' }, { field: 'mean', format: '.3f' }, { field: 'p5', format: '.3f' }, { field: 'p95', format: '.3f' }] } },
        ],
      },
    ];
  });
  if (panels.length === 0) return { note: 'runs.csv has no reviewer_utilisation or reviewer_mean_queue_length values' };
  const spec = { $schema: VEGA_LITE_SCHEMA, title: 'Review queue and reviewers, per replication', hconcat: panels } as TopLevelSpec;
  return { spec, caption: 'Dot: mean over replications; line: 5% to 95% of replications. Utilisation is review work over the reviewers\u2019 open hours; queue length is the time-average number of changes waiting.' };
}

/** Hours of each week's start, 0 to `horizon`. */
function weekTicks(horizon: number): number[] {
  return Array.from({ length: Math.floor(horizon / 168) + 1 }, (_, w) => w * 168);
}

export function openChangesChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run' || !isStream(data.run)) return null;
  const run = data.run;
  const series = run.openChanges;
  if (!series)
    return { note: 'Changes open over time needs changes.csv (written in stream mode unless --no-changes).' };
  const regimes = regimesOf(run);
  const horizon = horizonHours(run.meta.scenario) ?? 0;
  const values: Record<string, unknown>[] = [];
  for (const regime of regimes) {
    const s = series.byRegime.get(regime);
    if (s) s.forEach((open, b) => values.push({ regime, hours: num((b + 0.5) * series.binHours), open: num(open, 4) }));
  }
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Changes open over time (arrived, not yet merged or abandoned)',
    width: 560,
    height: 220,
    data: { values },
    mark: { type: 'line', interpolate: 'step' },
    encoding: {
      x: { field: 'hours', type: 'quantitative', title: 'hours after Monday 00:00 of the first week', axis: { values: weekTicks(horizon) } },
      y: { field: 'open', type: 'quantitative', title: 'open changes' },
      color: regimeColour(regimes),
    },
  } as TopLevelSpec;
  return {
    spec,
    caption:
      `Time-average number of open changes (arrived, not yet merged or abandoned) in ${series.binHours.toFixed(1)}-hour bins, averaged over replications. ` +
      'The review queue over time is the next chart (from review_queue.csv, measured as the simulation runs).',
  };
}

const QUEUE_MEASURES = [
  // Titles no longer than their plots (160 px): what each is a mean over is in the caption.
  { field: 'queueLength', title: 'changes waiting', format: TICK_FORMAT.number },
  { field: 'utilisation', title: 'reviewers busy', format: TICK_FORMAT.percent },
] as const;

export function reviewQueueChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run' || !isStream(data.run)) return null;
  const run = data.run;
  const rows = run.reviewQueue;
  if (!rows || rows.length === 0) return { note: 'The review queue over time needs review_queue.csv (written in stream mode).' };
  const regimes = regimesOf(run);
  const horizon = horizonHours(run.meta.scenario) ?? 0;
  const values = rows.map((r) => ({ regime: r.regime, hours: num((r.startHours + r.endHours) / 2), queueLength: num(r.queueLength, 4), utilisation: num(r.utilisation, 4) }));
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Review queue over time',
    data: { values },
    vconcat: QUEUE_MEASURES.map((m) => ({
      width: 560,
      height: 160,
      mark: { type: 'line', interpolate: 'step' },
      encoding: {
        x: { field: 'hours', type: 'quantitative', title: 'hours after Monday 00:00 of the first week', axis: { values: weekTicks(horizon) } },
        y: { field: m.field, type: 'quantitative', title: m.title, axis: { format: m.format } },
        color: regimeColour(regimes),
        tooltip: [{ field: 'regime' }, { field: 'hours', format: '.1f' }, { field: m.field, format: '.3f' }],
      },
    })),
  } as TopLevelSpec;
  const binHours = rows[0]!.endHours - rows[0]!.startHours;
  return {
    spec,
    caption:
      `Per ${binHours.toFixed(1)}-hour bin of the horizon, the time-average number of changes waiting for a reviewer (top) and the share of reviewers holding a review (bottom), ` +
      'each averaged over replications (review_queue.csv). Busy share counts clock hours: a review that spans a night holds its reviewer through it.',
  };
}
