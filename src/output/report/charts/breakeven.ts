/**
 * The chart of a break-even output (breakeven.csv): the paired difference A - B at each probe
 * against the parameter, with its 95% band, zero marked, and the crossing with its 95% interval
 * (the parameter range over which the band contains zero).
 */
import type { BreakevenData } from '../analysisData.js';
import { unitWords } from '../../units.js';
import { wantsLog } from '../binned.js';
import { metricTickFormat, num, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

/**
 * Is the parameter whole-numbered (review.reviewers)? breakeven probes such a parameter only at
 * integers, between integer ends, and a continuous one's bisection never lands on integers alone.
 */
export function integerParameter(b: BreakevenData): boolean {
  return b.meta.between.every(Number.isInteger) && b.probes.length > 0 && b.probes.every((p) => Number.isInteger(p.value));
}

/** The break-even line as the console prints it: `break-even PATH = V [LOW, HIGH]`, open ends at the range's edge. */
export function breakevenSummary(b: BreakevenData): string {
  const { param, between, compare } = b.meta;
  const { answer } = b;
  const show = (x: number) => (Number.isFinite(x) ? String(num(x, 4)) : 'NaN');
  if (!answer.found) return `no break-even in [${between[0]}, ${between[1]}]: ${answer.lower} is lower throughout`;
  const low = answer.low <= between[0] ? `<=${show(answer.low)}` : show(answer.low);
  const high = answer.high >= between[1] ? `>=${show(answer.high)}` : show(answer.high);
  const other = answer.lower === compare[0] ? compare[1] : compare[0];
  return `break-even ${param} = ${show(answer.value)} [${low}, ${high}] (${answer.lower} lower below, ${other} above)`;
}

/** Ticks of a symmetric log axis over [lo, hi]: 0 and the powers of ten from about `small` outwards, each sign. */
export function symlogTicks(lo: number, hi: number, small: number): number[] {
  const ticks = [0];
  for (let k = Math.floor(Math.log10(small)); 10 ** k <= Math.max(-lo, hi); k++) {
    const t = num(10 ** k)!;
    if (t <= hi) ticks.push(t);
    if (-t >= lo) ticks.unshift(-t);
  }
  return ticks;
}

export function breakevenChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'breakeven') return null;
  const b = data.breakeven;
  if (b.probes.length === 0) return { note: 'breakeven.csv has no probes' };
  const { param, between, compare, metric } = b.meta;
  const [a, c] = compare;
  const values = b.probes.map((p) => ({ value: num(p.value), difference: num(p.difference), low: num(p.low), high: num(p.high), lower: p.lower }));
  const xLog = wantsLog(between[0], between[1]);
  // A whole-numbered parameter gets whole-numbered ticks (no reviewers = 2.5).
  const integer = integerParameter(b);
  const x = {
    type: 'quantitative' as const,
    title: `${param}${xLog ? ' (log scale)' : ''}`,
    scale: { type: xLog ? 'log' : 'linear', domain: [between[0], between[1]], nice: false },
    axis: integer ? { format: ',d', tickMinStep: 1 } : { format: TICK_FORMAT.number },
  };
  // A difference that falls by orders of magnitude towards the crossing (amortised costs) reads on
  // a symmetric log scale, linear within the constant of zero: the constant is a typical small |difference|.
  const sizes = b.probes.map((p) => Math.abs(p.difference)).filter((d) => d > 0 && Number.isFinite(d)).sort((p, q) => p - q);
  const widest = Math.max(...b.probes.flatMap((p) => [Math.abs(p.low), Math.abs(p.high)]).filter(Number.isFinite));
  const small = sizes[Math.floor(sizes.length / 4)];
  const ySymlog = small !== undefined && widest / small > 30;
  const unit = unitWords(metric);
  const yTitle = `${a} minus ${c}${unit ? `, ${unit}` : ''}${ySymlog ? ', symlog' : ''}`;
  const lows = b.probes.map((p) => p.low).filter(Number.isFinite);
  const highs = b.probes.map((p) => p.high).filter(Number.isFinite);
  const y = {
    type: 'quantitative' as const,
    title: yTitle,
    axis: { format: metricTickFormat(metric), ...(ySymlog ? { values: symlogTicks(Math.min(0, ...lows), Math.max(0, ...highs), small!) } : {}) },
    ...(ySymlog ? { scale: { type: 'symlog', constant: num(small, 3) } } : {}),
  };
  const crossing = b.answer.found
    ? [{ value: num(b.answer.value), low: num(Math.max(b.answer.low, between[0])), high: num(Math.min(b.answer.high, between[1])), label: `break-even ${num(b.answer.value, 4)}` }]
    : [];
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `Break-even: ${metric} of ${a} minus ${c}, against ${param}`,
    width: 560,
    height: 300,
    layer: [
      ...(crossing.length
        ? [
            { data: { values: crossing }, mark: { type: 'rect', color: '#E69F00', opacity: 0.15 }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } } },
            { data: { values: crossing }, mark: { type: 'rule', color: '#D55E00', strokeWidth: 2 }, encoding: { x: { ...x, field: 'value' } } },
            { data: { values: crossing }, mark: { type: 'text', align: 'left', dx: 5, baseline: 'top', y: 4, fontSize: 11, color: '#D55E00' }, encoding: { x: { ...x, field: 'value' }, text: { field: 'label' } } },
          ]
        : []),
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { y: { ...y, field: 'zero' } } },
      { data: { values }, mark: { type: 'area', opacity: 0.2, color: '#0072B2' }, encoding: { x: { ...x, field: 'value' }, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
      {
        data: { values },
        mark: { type: 'line', color: '#0072B2', point: { filled: true, size: 36, color: '#0072B2' } },
        encoding: {
          x: { ...x, field: 'value' },
          y: { ...y, field: 'difference' },
          tooltip: [{ field: 'value', title: param, format: ',.6~r' }, { field: 'difference', format: ',.6~r' }, { field: 'low', format: ',.6~r' }, { field: 'high', format: ',.6~r' }, { field: 'lower', title: 'lower here' }],
        },
      },
    ],
  } as TopLevelSpec;
  const answer = b.answer.found
    ? ` Orange: the crossing (line) and its 95% interval (shaded), the range of ${param} over which the band contains zero; an interval that reaches the edge of the range searched is open there.`
    : ` The difference does not change sign over the range: ${b.answer.lower} is lower throughout.`;
  return {
    spec,
    caption: `The paired difference of ${metric}, ${a} minus ${c}, on the same replications at each probe (the bracketing and bisection steps), with its 95% interval (band); below the dashed zero line ${a} is lower.${ySymlog ? ' The difference spans orders of magnitude, so its axis is symmetric-log (linear close to zero).' : ''}${answer}`,
  };
}
