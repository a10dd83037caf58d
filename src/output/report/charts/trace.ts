/**
 * The trace's Gantt chart: one panel per regime, a lane per lane of the trace CSV (subagent slots,
 * the orchestrator, the gate, the review queue, each reviewer, the engineer), bars coloured by
 * step, failed attempts crossed, merges and abandonments on the outcome lane, and the hours when
 * people are off (nights, weekends) shaded so that working-hours waits read as such.
 */
import { ALWAYS_OPEN, WorkingHoursCalendar } from '../../../engine/index.js';
import type { Scenario } from '../../../model/index.js';
import type { TraceStepRow } from '../traceData.js';
import { num, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

/** Step categories and their colours (Paul Tol's muted scheme, waiting in grey). */
export const STEP_COLOURS: readonly (readonly [step: string, colour: string])[] = [
  ['plan', '#332288'],
  ['attempt', '#88CCEE'],
  ['retry', '#44AA99'],
  ['consolidate', '#117733'],
  ['gate', '#999933'],
  ['wait', '#BBBBBB'],
  ['review', '#DDCC77'],
  ['rework', '#CC6677'],
  ['human work', '#882255'],
  ['takeover', '#AA4499'],
];

/** The lane families top to bottom. */
const LANE_ORDER = ['orchestrator', 'agent', 'subagent', 'gate', 'review queue', 'reviewer', 'engineer', 'outcome'];

/** The colour category of a step (null for instants: merge, abandon). */
export function stepCategory(s: Pick<TraceStepRow, 'step' | 'attempt' | 'outcome' | 'subtask'>): string | null {
  switch (s.step) {
    case 'attempt':
      if (s.outcome === 'revision') return 'rework';
      return s.attempt > 0 ? 'retry' : 'attempt';
    case 'review_wait':
      return 'wait';
    case 'people_rework':
      return 'rework';
    case 'human_work':
      return 'human work';
    case 'merge':
    case 'abandon':
      return null;
    default:
      return s.step;
  }
}

/** Lanes in display order: by family, then by number. */
export function sortLanes(lanes: Iterable<string>): string[] {
  const parse = (lane: string) => {
    const m = /^(.*?)(?: (\d+))?$/.exec(lane)!;
    const f = LANE_ORDER.indexOf(m[1]!);
    return { family: f < 0 ? LANE_ORDER.length : f, name: m[1]!, n: Number(m[2] ?? 0) };
  };
  return [...new Set(lanes)].sort((a, b) => {
    const [x, y] = [parse(a), parse(b)];
    return x.family - y.family || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || x.n - y.n;
  });
}

/** The engine's calendar of a working-hours setting (the one the simulation ran on). */
export function calendarOf(hours: Scenario['people']['workingHours']): WorkingHoursCalendar {
  return hours === 'always' ? ALWAYS_OPEN : new WorkingHoursCalendar(hours);
}

/** The pieces of [start, end] when the calendar is open, in order (the whole span when it never closes). */
export function openPieces(calendar: WorkingHoursCalendar, start: number, end: number): { start: number; end: number }[] {
  if (calendar.isAlwaysOpen) return [{ start, end }];
  const out: { start: number; end: number }[] = [];
  for (let t = start; t < end; ) {
    const open = calendar.nextOpen(t);
    if (open >= end) break;
    const close = Math.min(calendar.nextClose(open), end);
    if (!(close > open)) break;
    // Intervals that touch (a working day running to midnight into the next) make one piece.
    const last = out[out.length - 1];
    if (last && last.end >= open) last.end = close;
    else out.push({ start: open, end: close });
    t = close;
  }
  return out;
}

/** The hours within [lo, hi] when people are off work (outside people.workingHours), as merged intervals. */
export function offHours(scenario: Scenario, lo: number, hi: number): { start: number; end: number }[] {
  const calendar = calendarOf(scenario.people.workingHours);
  const out: { start: number; end: number }[] = [];
  let t = lo;
  for (const piece of openPieces(calendar, lo, hi)) {
    if (piece.start > t) out.push({ start: t, end: piece.start });
    t = piece.end;
  }
  if (!calendar.isAlwaysOpen && t < hi) out.push({ start: t, end: hi });
  return out;
}

/**
 * The calendar a lane's work keeps: reviewers review within review.workingHours, an engineer
 * works within people.workingHours; agents, the gate and the queue run around the clock (null).
 */
export function laneCalendar(scenario: Scenario, lane: string): WorkingHoursCalendar | null {
  const family = lane.replace(/ \d+$/, '');
  if (family === 'reviewer') return calendarOf(scenario.review.workingHours);
  if (family === 'engineer') return calendarOf(scenario.people.workingHours);
  return null;
}

/** Axis labels of hours after Monday 00:00: `Tue 09:30`, with the week from the second on. */
const TIME_LABEL =
  "(floor(datum.value / 168) > 0 ? 'w' + (floor(datum.value / 168) + 1) + ' ' : '') + " +
  "['Sun','Mon','Tue','Wed','Thu','Fri','Sat'][(floor(datum.value / 24) + 1) % 7] + ' ' + " +
  "format(floor(datum.value % 24), '02d') + ':' + format(floor(((datum.value % 24) * 60) % 60 + 1e-6), '02d')";

/** Above this many dependency edges in a regime's panel, they are not drawn (a note says so). */
export const MAX_DRAWN_EDGES = 40;

export interface DependencyEdge {
  change: number;
  from: number;
  to: number;
  /** End of the prerequisite's last attempt, and its lane. */
  fromHours: number;
  fromLane: string;
  /** Start of the dependent's first attempt, and its lane. */
  toHours: number;
  toLane: string;
}

/**
 * The dependency edges of a regime's steps: for each subtask with prerequisites (the trace's
 * prerequisites column), from the end of each prerequisite's last attempt to the start of the
 * subtask's first. Rework after review (outcome revision) is not part of the schedule and is
 * left out; a subtask with no attempt in the trace (a regime that does not split the change) has no edges.
 */
export function dependencyEdges(steps: readonly TraceStepRow[]): DependencyEdge[] {
  const first = new Map<string, TraceStepRow>();
  const last = new Map<string, TraceStepRow>();
  for (const s of steps) {
    if (s.step !== 'attempt' || s.subtask < 0 || s.outcome === 'revision') continue;
    const key = `${s.change}|${s.subtask}`;
    const f = first.get(key);
    if (!f || s.startHours < f.startHours) first.set(key, s);
    const l = last.get(key);
    if (!l || s.endHours > l.endHours) last.set(key, s);
  }
  const out: DependencyEdge[] = [];
  for (const to of first.values()) {
    for (const from of to.prerequisites ?? []) {
      const pre = last.get(`${to.change}|${from}`);
      if (pre) out.push({ change: to.change, from, to: to.subtask, fromHours: pre.endHours, fromLane: pre.lane, toHours: to.startHours, toLane: to.lane });
    }
  }
  return out.sort((a, b) => a.change - b.change || a.to - b.to || a.from - b.from);
}

function regimePanel(regime: string, steps: readonly TraceStepRow[], scenario: Scenario, width: number, edges: readonly DependencyEdge[]) {
  // Reduced, not spread: a trace of a large graph has more steps than a call may take arguments.
  const lo = steps.reduce((m, s) => Math.min(m, s.startHours), Infinity);
  const hi = steps.reduce((m, s) => Math.max(m, s.endHours), -Infinity);
  const pad = Math.max((hi - lo) * 0.01, 1 / 60);
  const domain = [num(lo - pad)!, num(hi + pad)!];
  const lanes = sortLanes(steps.map((s) => s.lane));
  // A person's work is drawn only while they are at work: a bar across a night or a weekend is split there.
  const bars = steps
    .map((s) => ({ s, category: stepCategory(s) }))
    .filter((b) => b.category !== null)
    .flatMap(({ s, category }) => {
      const calendar = laneCalendar(scenario, s.lane);
      const pieces = calendar ? openPieces(calendar, s.startHours, s.endHours) : [];
      return (pieces.length ? pieces : [{ start: s.startHours, end: s.endHours }]).map((piece) => ({
        lane: s.lane,
        step: category,
        change: s.change,
        subtask: s.subtask,
        kind: s.kind,
        attempt: s.attempt,
        tier: s.tier,
        start: num(piece.start),
        end: num(Math.max(piece.end, piece.start + (hi - lo) * 0.002)),
        step_start: num(s.startHours),
        step_end: num(s.endHours),
        cost: num(s.costUsd, 4),
        outcome: s.outcome,
      }));
    });
  const failed = steps.filter((s) => s.step === 'attempt' && s.outcome.startsWith('failed')).map((s) => ({ lane: s.lane, at: num(s.endHours), outcome: s.outcome }));
  const instants = steps.filter((s) => s.step === 'merge' || s.step === 'abandon').map((s) => ({ lane: s.lane, at: num(s.endHours), event: s.step }));
  const x = { type: 'quantitative' as const, scale: { domain, nice: false }, axis: { labelExpr: TIME_LABEL, labelOverlap: true, tickCount: 8 }, title: `time (${regime})` };
  const y = { field: 'lane', type: 'nominal' as const, sort: lanes, title: null, scale: { domain: lanes } };
  const shading = offHours(scenario, domain[0]!, domain[1]!);
  return {
    title: { text: regime, fontSize: 12 },
    width,
    height: { step: 14 },
    layer: [
      ...(shading.length
        ? [{ data: { values: shading.map((o) => ({ start: num(o.start), end: num(o.end) })) }, mark: { type: 'rect', color: '#ebebeb', clip: true }, encoding: { x: { ...x, field: 'start' }, x2: { field: 'end' } } }]
        : []),
      {
        data: { values: bars },
        mark: { type: 'bar', clip: true },
        encoding: {
          x: { ...x, field: 'start' },
          x2: { field: 'end' },
          y,
          color: { field: 'step', type: 'nominal', title: 'step', scale: { domain: STEP_COLOURS.map(([s]) => s), range: STEP_COLOURS.map(([, c]) => c) } },
          tooltip: [{ field: 'step' }, { field: 'change' }, { field: 'subtask' }, { field: 'kind' }, { field: 'attempt' }, { field: 'tier' }, { field: 'step_start', title: 'start' }, { field: 'step_end', title: 'end' }, { field: 'cost', format: '$,.4f' }, { field: 'outcome' }],
        },
      },
      ...(edges.length
        ? [
            {
              data: { values: edges.map((e) => ({ change: e.change, from: e.from, to: e.to, x: num(e.fromHours), x2: num(e.toHours), lane: e.fromLane, lane2: e.toLane })) },
              mark: { type: 'rule', color: '#444', strokeWidth: 1, opacity: 0.8, clip: true },
              encoding: { x: { ...x, field: 'x' }, x2: { field: 'x2' }, y, y2: { field: 'lane2' }, tooltip: [{ field: 'change' }, { field: 'from', title: 'prerequisite' }, { field: 'to', title: 'subtask' }] },
            },
            // The arrowhead: where the dependent starts.
            {
              data: { values: edges.map((e) => ({ at: num(e.toHours), lane: e.toLane })) },
              mark: { type: 'point', shape: 'triangle-right', filled: true, color: '#444', size: 24, clip: true },
              encoding: { x: { ...x, field: 'at' }, y },
            },
          ]
        : []),
      ...(failed.length
        ? [{ data: { values: failed }, mark: { type: 'point', shape: 'cross', filled: true, color: 'black', size: 50, clip: true }, encoding: { x: { ...x, field: 'at' }, y } }]
        : []),
      ...(instants.length
        ? [
            {
              data: { values: instants },
              mark: { type: 'point', filled: true, size: 60, clip: true, color: 'black' },
              encoding: { x: { ...x, field: 'at' }, y, shape: { field: 'event', type: 'nominal', title: 'outcome', scale: { domain: ['merge', 'abandon'], range: ['triangle-right', 'square'] } } },
            },
          ]
        : []),
    ],
  };
}

/** What the caption says of the dependency edges. */
function edgeNote(steps: readonly TraceStepRow[], drawn: string[], tooMany: string[], edgesOf: Map<string, DependencyEdge[]>): string {
  if (steps.length > 0 && steps.every((s) => s.prerequisites === null)) return 'Dependency edges are not drawn: this trace has no prerequisites column (write it again with orchsim trace).';
  const parts: string[] = [];
  if (drawn.length)
    parts.push(`Grey lines: dependency edges, from the end of a prerequisite's last attempt to the start of its dependent's first (the arrowhead) (${drawn.map((r) => `${r}: ${edgesOf.get(r)!.length}`).join(', ')}).`);
  if (tooMany.length)
    parts.push(`Dependency edges are not drawn for ${tooMany.map((r) => `${r} (${edgesOf.get(r)!.length} edges)`).join(', ')}: more than ${MAX_DRAWN_EDGES} would hide the bars; the prerequisites column of the trace lists them.`);
  if (!parts.length) parts.push('No subtask of these changes waits for another: no dependency edges.');
  return parts.join(' ');
}

export function ganttChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'trace') return null;
  const { steps, meta } = data.trace;
  const regimes = [...new Set(steps.map((s) => s.regime))];
  if (regimes.length === 0) return { note: 'the trace has no steps' };
  const edgesOf = new Map(regimes.map((r) => [r, dependencyEdges(steps.filter((s) => s.regime === r))]));
  const drawn = regimes.filter((r) => edgesOf.get(r)!.length > 0 && edgesOf.get(r)!.length <= MAX_DRAWN_EDGES);
  const tooMany = regimes.filter((r) => edgesOf.get(r)!.length > MAX_DRAWN_EDGES);
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `Replication ${meta.replication}, step by step`,
    vconcat: regimes.map((r) => regimePanel(r, steps.filter((s) => s.regime === r), meta.scenario, 900, drawn.includes(r) ? edgesOf.get(r)! : [])),
    resolve: { scale: { color: 'shared', shape: 'shared' } },
  } as TopLevelSpec;
  const hours = meta.scenario.people.workingHours;
  const shaded =
    hours === 'always'
      ? 'People work around the clock in this scenario: nothing is shaded. '
      : `Shaded: outside people's working hours (${hours.startHour}:00 to ${hours.endHour}:00 on working days, and weekends), when reviews and people's work wait: a reviewer's or an engineer's bar stops at the end of the working day and goes on when work resumes (its tooltip gives the whole step's start and end). `;
  return {
    spec,
    caption:
      `A panel per regime, each on its own time axis (hours after Monday 00:00). ${shaded}` +
      'Crosses: failed attempts. Triangle: merge; square: abandonment. Lanes of a family are assigned by greedy interval partitioning (the fewest lanes that hold the overlaps), not the identity of a slot or a reviewer. ' +
      edgeNote(steps, drawn, tooMany, edgesOf),
  };
}
