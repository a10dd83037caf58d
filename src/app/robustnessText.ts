/**
 * What `orchsim robustness` writes and says of its analysis (./robustness.ts): the plain
 * sentence of where the verdict flips, robustness.csv (tidy rows), robustness_draws.csv (every
 * draw) and the console's summary.
 */
import { csvLine, human, statCell, textCell, ROBUSTNESS_COLUMN_DOCS } from '../output/index.js';
import type { RobustnessAnalysis } from './robustness.js';

/** Fewer flipped draws than this describe no region (a box around one or two points says nothing). */
const MIN_FLIPS_FOR_REGION = 5;
/** The parameters named in the console and the sentence: the largest EVPPI first. */
const SHOWN_PARAMETERS = 5;

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));
const show = (x: number) => human(round(x, 3));

/** "below 0.18", "above 25", "between 0.1 and 0.3" for a box's bound against the parameter's drawn range. */
function boundText(path: string, low: number, high: number, drawnLow: number, drawnHigh: number): string {
  const cutLow = low > drawnLow;
  const cutHigh = high < drawnHigh;
  if (cutLow && cutHigh) return `${path} is between ${show(low)} and ${show(high)}`;
  if (cutHigh) return `${path} is below ${show(high)}`;
  return `${path} is above ${show(low)}`;
}

/** The plain sentence: where the verdict flips, or that it holds. */
export function verdictSentence(a: Omit<RobustnessAnalysis, 'sentence' | 'simulated' | 'requested' | 'threads'>): string {
  const label = (i: number) => a.labels[i]!;
  const baseName = label(a.baseBest);
  const n = a.drawMetrics.length;
  if (a.flipShare === 0) return `${baseName} is best at every one of the ${n} draws: the verdict holds across the uncertainty ranges.`;
  const winners = new Map<number, number>();
  for (const b of a.best) if (b !== a.baseBest) winners.set(b, (winners.get(b) ?? 0) + 1);
  const other = [...winners.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const head = `${baseName} is best at the scenario's values but not at ${pct(a.flipShare)} of the draws`;
  const box = a.prim?.boxes[0];
  const flips = a.best.filter((b) => b !== a.baseBest).length;
  if (flips < MIN_FLIPS_FOR_REGION) return `${head} (${label(other)} there): too few flips (${flips}) to say where; more --draws would.`;
  if (!box || box.bounds.length === 0) return `${head} (mostly ${label(other)}), with no simple region: the flips are spread over the parameters.`;
  const ranges = a.parameters.map((_, i) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of a.drawValues) {
      lo = Math.min(lo, v[i]!);
      hi = Math.max(hi, v[i]!);
    }
    return [lo, hi] as const;
  });
  const where = box.bounds
    .slice(0, 3)
    .map((b) => boundText(a.parameters[b.input]!.path, b.low, b.high, ranges[b.input]![0], ranges[b.input]![1]))
    .join(' and ');
  return `${head}: ${label(other)} wins where ${where} (that region holds ${pct(box.coverage)} of the flips, and ${pct(box.density)} of its draws flip).`;
}

export const ROBUSTNESS_COLUMNS = ROBUSTNESS_COLUMN_DOCS.map((c) => c.name);

/** robustness.csv: tidy rows (see ROBUSTNESS_COLUMN_DOCS). */
export function robustnessCsv(a: RobustnessAnalysis): string {
  const rows: [string, string, string, number][] = [];
  const add = (section: string, item: string, statistic: string, value: number) => rows.push([section, item, statistic, value]);
  add('verdict', a.candidates[a.baseBest]!, 'best_at_scenario_values', 1);
  add('verdict', a.candidates[a.baseBest]!, 'value', a.baseMetrics[a.baseBest]!);
  a.candidates.forEach((c, o) => {
    let mean = 0;
    for (const row of a.drawMetrics) mean += row[o]! / a.drawMetrics.length;
    const p = a.probabilityBest[o]!;
    add('candidate', c, 'mean', mean);
    add('candidate', c, 'probability_best', p.probability);
    add('candidate', c, 'probability_best_ci_low', p.ciLow);
    add('candidate', c, 'probability_best_ci_high', p.ciHigh);
    add('candidate', c, 'expected_loss', a.expectedLoss[o]!);
    add('candidate', c, 'expected_loss_per_month', a.expectedLoss[o]! * a.perMonth);
  });
  for (const [s, v] of [
    ['evpi', a.evpi.value],
    ['evpi_se', a.evpi.standardError],
    ['evpi_ci_low', a.evpi.ciLow],
    ['evpi_ci_high', a.evpi.ciHigh],
    ['evpi_per_month', a.evpi.value * a.perMonth],
    ['flip_share', a.flipShare],
    ['draws', a.drawMetrics.length],
  ] as const)
    add('decision', a.column, s, v);
  for (const e of [...a.evppi].sort((x, y) => x.rank - y.rank)) {
    const p = e.parameter;
    for (const [s, v] of [
      ['rank', e.rank],
      ['evppi', e.evppi.value],
      ['evppi_se', e.evppi.standardError],
      ['evppi_ci_low', e.evppi.ciLow],
      ['evppi_ci_high', e.evppi.ciHigh],
      ['evppi_per_month', e.evppi.value * a.perMonth],
      ['scenario_value', p.baseValue],
      ['low', p.low],
      ['high', p.high],
    ] as const)
      add('parameter', p.path, s, v);
  }
  (a.prim?.boxes ?? []).forEach((box, b) => {
    const name = `box${b + 1}`;
    add('box', name, 'coverage', box.coverage);
    add('box', name, 'density', box.density);
    add('box', name, 'mass', box.mass);
    for (const bound of box.bounds) {
      add('box_bound', `${name}:${a.parameters[bound.input]!.path}`, 'low', bound.low);
      add('box_bound', `${name}:${a.parameters[bound.input]!.path}`, 'high', bound.high);
    }
  });
  const lines = [csvLine(ROBUSTNESS_COLUMNS), ...rows.map(([s, i, st, v]) => csvLine([s, textCell(i), st, statCell(v)]))];
  return `${lines.join('\n')}\n`;
}

/** robustness_draws.csv: the scenario's own values (draw -1), then every outer draw. */
export function robustnessDrawsCsv(a: RobustnessAnalysis): string {
  const header = ['draw', ...a.parameters.map((p) => p.path), ...a.candidates, 'best', 'flip'];
  const row = (d: number, values: readonly number[], metrics: ArrayLike<number>, best: number) =>
    csvLine([String(d), ...values.map(statCell), ...Array.from(metrics, statCell), a.candidates[best]!, best === a.baseBest ? '0' : '1']);
  const lines = [csvLine(header.map(textCell)), row(-1, a.parameters.map((p) => p.baseValue), a.baseMetrics, a.baseBest), ...a.drawMetrics.map((m, d) => row(d, a.drawValues[d]!, m, a.best[d]!))];
  return `${lines.join('\n')}\n`;
}

/** The console summary. */
export function renderRobustness(a: RobustnessAnalysis): string {
  const money = a.unit === 'USD';
  const value = (x: number) => (money ? `$${show(x)}` : `${show(x)} ${a.unit}`);
  const perMonth = (x: number) => (money ? `$${show(x * a.perMonth)}/month` : `${show(x * a.perMonth)} ${a.unit}/month`);
  const lines = [
    `robustness of the verdict on ${a.column} over ${a.parameters.length} uncertain parameters (${a.drawMetrics.length} draws)`,
    a.sentence,
    '',
    'chance of being best, and the expected loss of choosing it:',
    ...a.candidates.map((c, o) => {
      const p = a.probabilityBest[o]!;
      return `  ${a.labels[o]!.padEnd(22)} ${(100 * p.probability).toFixed(0).padStart(3)}% [${(100 * p.ciLow).toFixed(0)}, ${(100 * p.ciHigh).toFixed(0)}]  loss ${value(a.expectedLoss[o]!)} per change (${perMonth(a.expectedLoss[o]!)})`;
    }),
    '',
    `value of perfect information: ${value(a.evpi.value)} per change (± ${show(a.evpi.standardError)}), ${perMonth(a.evpi.value)} at ${show(a.perMonth)} changes a month`,
    'worth measuring first (EVPPI: what knowing it before choosing is worth):',
    ...[...a.evppi]
      .sort((x, y) => x.rank - y.rank)
      .slice(0, SHOWN_PARAMETERS)
      .map((e) => `  ${e.parameter.path.padEnd(38)} ${value(e.evppi.value)} per change (± ${show(e.evppi.standardError)}): measuring it is worth up to ${perMonth(e.evppi.value)}`),
  ];
  return `${lines.join('\n')}\n`;
}
