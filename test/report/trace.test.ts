import { describe, expect, it } from 'vitest';
import { compileScenario, drawChange, resolveScenario, type TraceRow } from '../../src/model/index.js';
import { partitionLanes, stepCostUsd, traceCsv, traceSteps, TRACE_COLUMNS } from '../../src/output/trace.js';
import { parseTraceCsv } from '../../src/output/report/traceData.js';
import { calendarOf, dependencyEdges, ganttChart, laneCalendar, offHours, openPieces, sortLanes, stepCategory } from '../../src/output/report/charts/trace.js';
import type { TraceData, TraceStepRow } from '../../src/output/report/traceData.js';

describe('greedy interval partitioning', () => {
  it('puts each interval on the lowest lane free at its start (hand-worked example)', () => {
    // In start order [0,2) [0,10) [1,3) [2,4) [3,5): lanes 0, 1, 2 (both busy at 1), 0 (free at 2), 2 (free at 3).
    const lanes = partitionLanes([
      { start: 0, end: 2 },
      { start: 1, end: 3 },
      { start: 2, end: 4 },
      { start: 3, end: 5 },
      { start: 0, end: 10 },
    ]);
    expect(lanes).toEqual([0, 2, 0, 2, 1]);
  });
  it('uses as many lanes as the peak overlap, never two overlapping intervals on one lane', () => {
    const intervals = Array.from({ length: 200 }, (_, i) => ({ start: (i * 37) % 101, end: ((i * 37) % 101) + 1 + ((i * 13) % 17) }));
    const lanes = partitionLanes(intervals);
    let peak = 0;
    for (const t of intervals.map((x) => x.start)) peak = Math.max(peak, intervals.filter((x) => x.start <= t && t < x.end).length);
    expect(Math.max(...lanes) + 1).toBe(peak);
    for (let a = 0; a < intervals.length; a++)
      for (let b = a + 1; b < intervals.length; b++)
        if (lanes[a] === lanes[b]) expect(intervals[a]!.end <= intervals[b]!.start || intervals[b]!.end <= intervals[a]!.start).toBe(true);
  });
});

describe('the trace CSV', () => {
  const model = compileScenario(resolveScenario({}));
  const steps = traceSteps(model, 1, 0);

  it('prices a step from its tokens and its tier (hand arithmetic)', () => {
    // sonnet: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens.
    const row = { tier: 'sonnet', inputTokens: 1e6, cacheReadTokens: 2e6, cacheWriteTokens: 4e5, outputTokens: 1e5 } as TraceRow;
    expect(stepCostUsd(model, row)).toBeCloseTo(3 + 0.6 + 1.5 + 1.5, 12);
    expect(stepCostUsd(model, { ...row, tier: '' })).toBe(0);
  });

  it('names each subtask kind as drawChange draws it', () => {
    const spec = drawChange(model, 1, 0, 0);
    for (const s of steps.filter((x) => x.subtask >= 0)) expect(s.kind).toBe(model.kinds[spec.kind[s.subtask]!]!.name);
    expect(steps.filter((x) => x.subtask < 0).every((x) => x.kind === '')).toBe(true);
  });

  it("lists each subtask's prerequisites as drawChange's dependency graph has them, and reads them back", () => {
    const spec = drawChange(model, 1, 0, 0);
    const withPrerequisites = steps.filter((x) => x.prerequisites.length > 0);
    expect(withPrerequisites.length).toBeGreaterThan(0);
    for (const s of steps.filter((x) => x.subtask >= 0)) expect([...s.prerequisites]).toEqual([...spec.preds.subarray(spec.predStart[s.subtask]!, spec.predStart[s.subtask + 1]!)]);
    expect(steps.filter((x) => x.subtask < 0).every((x) => x.prerequisites.length === 0)).toBe(true);
    const back = parseTraceCsv(traceCsv(steps));
    back.forEach((b, i) => expect(b.prerequisites).toEqual([...steps[i]!.prerequisites]));
  });

  it("draws an edge per prerequisite, from its last attempt's end to the dependent's first start (fan-out waits for it)", () => {
    const rows = parseTraceCsv(traceCsv(steps)).filter((s) => s.regime === 'fanout');
    const edges = dependencyEdges(rows);
    const spec = drawChange(model, 1, 0, 0);
    const attempted = new Set(rows.filter((s) => s.step === 'attempt').map((s) => s.subtask));
    let expected = 0;
    for (const t of attempted) for (let k = spec.predStart[t]!; k < spec.predStart[t + 1]!; k++) if (attempted.has(spec.preds[k]!)) expected++;
    expect(edges).toHaveLength(expected);
    for (const e of edges) {
      const pre = rows.filter((s) => s.step === 'attempt' && s.subtask === e.from && s.outcome !== 'revision');
      const dep = rows.filter((s) => s.step === 'attempt' && s.subtask === e.to && s.outcome !== 'revision');
      expect(e.fromHours).toBe(Math.max(...pre.map((s) => s.endHours)));
      expect(e.toHours).toBe(Math.min(...dep.map((s) => s.startHours)));
    }
  });

  it('reads a trace written before the prerequisites column (no edges then)', () => {
    const text = traceCsv(steps);
    const lines = text.split('\n').filter((l) => l !== '');
    const at = lines[0]!.split(',').indexOf('prerequisites');
    const old = lines.map((l) => l.split(',').filter((_, i) => i !== at).join(',')).join('\n');
    const back = parseTraceCsv(old);
    expect(back).toHaveLength(steps.length);
    expect(back.every((b) => b.prerequisites === null)).toBe(true);
    expect(dependencyEdges(back)).toEqual([]);
  });

  it('never puts more subagents side by side than the fan-out width, nor two steps at once on a lane', () => {
    const fanout = steps.filter((s) => s.regime === 'fanout' && s.step === 'attempt');
    const slots = new Set(fanout.map((s) => s.lane));
    expect(slots.size).toBeGreaterThan(1);
    expect(slots.size).toBeLessThanOrEqual(model.scenario.fanout);
    for (const lane of slots) {
      const bars = fanout.filter((s) => s.lane === lane).sort((a, b) => a.startHours - b.startHours);
      for (let i = 1; i < bars.length; i++) expect(bars[i]!.startHours).toBeGreaterThanOrEqual(bars[i - 1]!.endHours);
    }
  });

  it('keeps reviewers within the reviewer count in a stream (closed loop)', () => {
    const stream = compileScenario(resolveScenario({ mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 4, thinkHours: { dist: 'constant', value: 2 } }, horizonDays: 7 } }));
    const rows = traceSteps(stream, 3, 0);
    const reviewers = new Set(rows.filter((s) => s.step === 'review').map((s) => s.lane));
    expect(reviewers.size).toBeGreaterThan(0);
    expect(reviewers.size).toBeLessThanOrEqual(stream.scenario.review.reviewers);
    expect(rows.filter((s) => s.subtask >= 0).every((s) => s.kind !== '')).toBe(true);
  });

  it('writes the documented columns, rounded like runs.csv, and reads back', () => {
    const text = traceCsv(steps);
    expect(text.split('\n')[0]).toBe(TRACE_COLUMNS.join(','));
    const back = parseTraceCsv(text);
    expect(back).toHaveLength(steps.length);
    for (const [i, s] of back.entries()) {
      expect(Math.abs(s.startHours - steps[i]!.startHours)).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(s.costUsd - steps[i]!.costUsd)).toBeLessThanOrEqual(5e-5);
    }
    const cells = text.split('\n').slice(1, -1).map((l) => l.split(','));
    const col = (name: string) => TRACE_COLUMNS.indexOf(name as (typeof TRACE_COLUMNS)[number]);
    for (const c of cells) {
      for (const name of ['start_hours', 'end_hours', 'cost_usd']) expect(c[col(name)]).toMatch(/^\d+(\.\d{1,4})?$/);
      for (const name of ['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens']) expect(c[col(name)]).toMatch(/^\d+$/);
    }
  });
});

describe('Gantt helpers', () => {
  const scenario = resolveScenario({});
  it('shades nights and weekends of a 9-to-5, Monday-to-Friday week', () => {
    // Monday 00:00 to Wednesday 00:00: off [0, 9), [17, 33), [41, 48).
    expect(offHours(scenario, 0, 48)).toEqual([
      { start: 0, end: 9 },
      { start: 17, end: 33 },
      { start: 41, end: 48 },
    ]);
    // Friday 17:00 to Monday 09:00 of week 2 is one stretch: 4*24+17 = 113 to 7*24+9 = 177.
    expect(offHours(scenario, 110, 180)).toEqual([{ start: 113, end: 177 }]);
  });
  it("splits a person's work at the working-hours boundaries: the pieces hold exactly the calendar's working hours", () => {
    const calendar = calendarOf(scenario.people.workingHours);
    // Monday 09:00 to Tuesday 13:07: Monday 9-17, then Tuesday 9 to 13.1277.
    expect(openPieces(calendar, 9, 37.1277)).toEqual([
      { start: 9, end: 17 },
      { start: 33, end: 37.1277 },
    ]);
    // Friday 16:00 to Monday 10:00 of week 2: an hour on Friday, an hour on Monday.
    expect(openPieces(calendar, 112, 178)).toEqual([
      { start: 112, end: 113 },
      { start: 177, end: 178 },
    ]);
    for (const [a, b] of [[0, 500], [3.3, 47.9], [100, 100.5], [17, 33]] as const) {
      const pieces = openPieces(calendar, a, b);
      expect(pieces.reduce((t, p) => t + p.end - p.start, 0)).toBeCloseTo(calendar.workingHoursBetween(a, b), 9);
      for (const p of pieces) expect(calendar.isOpen(p.start)).toBe(true);
    }
    expect(openPieces(calendarOf('always'), 3, 40)).toEqual([{ start: 3, end: 40 }]);
    // Reviewers keep review.workingHours, engineers people.workingHours, agents no calendar.
    expect(laneCalendar(scenario, 'reviewer 2')).not.toBeNull();
    expect(laneCalendar(scenario, 'engineer 1')).not.toBeNull();
    expect(laneCalendar(scenario, 'subagent 3')).toBeNull();
  });
  it("draws an engineer's bar across a night as two bars, and an agent's as one", () => {
    const step = (lane: string, step: string, startHours: number, endHours: number): TraceStepRow =>
      ({ regime: 'human', change: 0, step, subtask: -1, kind: '', prerequisites: [], attempt: -1, tier: '', lane, startHours, endHours, costUsd: 0, outcome: '' }) as TraceStepRow;
    const trace = { file: 't.csv', meta: { scenario, replication: 0 }, steps: [step('engineer 1', 'human_work', 9, 37.1277), step('agent 1', 'attempt', 9, 37.1277), step('outcome', 'merge', 37.1277, 37.1277)] } as unknown as TraceData;
    const result = ganttChart({ kind: 'trace', trace })!;
    const spec = JSON.stringify('spec' in result ? result.spec : null);
    const bars = (JSON.parse(spec) as { vconcat: { layer: { mark: { type: string }; data: { values: { lane: string; start: number; end: number }[] } }[] }[] }).vconcat[0]!.layer.find((l) => l.mark.type === 'bar')!.data.values;
    expect(bars.filter((b) => b.lane === 'engineer 1').map((b) => [b.start, b.end])).toEqual([
      [9, 17],
      [33, 37.1277],
    ]);
    expect(bars.filter((b) => b.lane === 'agent 1').map((b) => [b.start, b.end])).toEqual([[9, 37.1277]]);
  });
  it('orders lanes by family, then by number', () => {
    expect(sortLanes(['reviewer 1', 'subagent 10', 'outcome', 'subagent 2', 'orchestrator 1', 'gate 1'])).toEqual([
      'orchestrator 1',
      'subagent 2',
      'subagent 10',
      'gate 1',
      'reviewer 1',
      'outcome',
    ]);
  });
  it('colours retries, waits and rework apart from first attempts', () => {
    expect(stepCategory({ step: 'attempt', attempt: 0, outcome: 'done', subtask: 1 })).toBe('attempt');
    expect(stepCategory({ step: 'attempt', attempt: 1, outcome: 'done', subtask: 1 })).toBe('retry');
    expect(stepCategory({ step: 'attempt', attempt: 0, outcome: 'revision', subtask: -1 })).toBe('rework');
    expect(stepCategory({ step: 'review_wait', attempt: 0, outcome: '', subtask: -1 })).toBe('wait');
    expect(stepCategory({ step: 'merge', attempt: -1, outcome: 'escaped:0', subtask: -1 })).toBeNull();
  });
});
