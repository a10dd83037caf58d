/**
 * The trace CSV: every step of one replication under every regime (`orchsim trace`), with the
 * lane each step is drawn on in a Gantt chart, the kind of its subtask and its inference cost.
 *
 * Lanes: the model records what happened, not which of N slots or which reviewer did it, so the
 * lanes of a family (subagent slots, reviewers, ...) are assigned per regime by greedy interval
 * partitioning: steps in start order, each on the lowest-numbered lane of its family free at its
 * start. That uses the fewest lanes any assignment could (the peak overlap), and it is
 * deterministic; a lane is a consistent place for a bar, not the identity of a person or a slot.
 */
import { Replicator, drawChange, type ChangeRecord, type ChangeSpec, type CompiledModel, type TraceRow } from '../model/index.js';
import { fansOut, REGIMES } from '../model/index.js';
import { roundTo } from '../experiment/index.js';
import { csvLine, numberCell, textCell } from './csv.js';

/** Decimal places, as in runs.csv: hours and USD to 4, tokens whole. */
const HOURS = 4;
const USD = 4;

/** The lane family of each step (instants, merge and abandon, go on the `outcome` lane). */
const LANE_FAMILY: Record<TraceRow['step'], string> = {
  plan: 'orchestrator',
  consolidate: 'orchestrator',
  attempt: 'subagent',
  gate: 'gate',
  review_wait: 'review queue',
  review: 'reviewer',
  people_rework: 'engineer',
  handler_wait: 'manual queue',
  human_work: 'engineer',
  script: 'script',
  takeover: 'engineer',
  merge: 'outcome',
  abandon: 'outcome',
};

/** The columns of the trace CSV, with unit and meaning (the data dictionary's trace section). */
export const TRACE_COLUMN_DOCS = [
  { name: 'regime', unit: 'text', description: REGIMES.map((r) => `\`${r}\``).join(', ') },
  { name: 'change', unit: 'index', description: 'id of the change (as in changes.csv)' },
  { name: 'step', unit: 'text', description: 'plan, attempt, consolidate, gate, review_wait, review, people_rework, human_work, takeover; merge and abandon are instants' },
  { name: 'subtask', unit: 'index', description: 'subtask of the change, -1 for steps of the whole change' },
  { name: 'kind', unit: 'text', description: 'the subtask\'s kind (workload.kinds), empty for steps of the whole change' },
  {
    name: 'prerequisites',
    unit: 'indices',
    description: "the subtasks this step's subtask depends on (the change's dependency graph), as subtask indices separated by spaces (`0 2`); empty when it has none and for steps of the whole change",
  },
  { name: 'attempt', unit: 'index', description: 'attempt number of the subtask (0-based; above 0 a retry), or the review round, or the gate run; -1 when not applicable' },
  { name: 'tier', unit: 'text', description: 'model tier of an agent call, empty for people and the gate' },
  {
    name: 'lane',
    unit: 'text',
    description:
      'Gantt lane: `orchestrator k`, `agent k` (single) or `subagent k` (fanout), `gate k`, `review queue k`, `reviewer k`, `engineer k`, or `outcome` for instants; within a regime, each family\'s steps are put on the lowest-numbered lane free at their start (greedy interval partitioning: the fewest lanes that hold the overlaps), so a lane is a place to draw, not a recorded slot or person',
  },
  { name: 'start_hours', unit: 'hours', description: 'start, hours after Monday 00:00 of the first week' },
  { name: 'end_hours', unit: 'hours', description: 'end (working-hours steps such as review span the nights they wait through)' },
  { name: 'input_tokens', unit: 'tokens', description: 'uncached input tokens of an agent call' },
  { name: 'cache_read_tokens', unit: 'tokens', description: 'cache read tokens' },
  { name: 'cache_write_tokens', unit: 'tokens', description: 'cache write tokens' },
  { name: 'output_tokens', unit: 'tokens', description: 'output tokens' },
  { name: 'cost_usd', unit: 'USD', description: 'inference cost of the step: its tokens times its tier\'s prices (0 for steps of people and the gate, whose cost is in runs.csv)' },
  {
    name: 'outcome',
    unit: 'text',
    description: 'attempt: done, done_with_defect, failed_retry, failed_abandon, failed_takeover, speculative_conflict, discarded, revision (agent rework after review); gate: passed or caught:n; review: approved, changes:n(+judgment), rejected; merge: escaped:n; abandon: the reason',
  },
] as const;

export const TRACE_COLUMNS = TRACE_COLUMN_DOCS.map((c) => c.name);

export interface TracedStep extends TraceRow {
  kind: string;
  /** The subtask's prerequisites (subtask indices), empty for steps of the whole change. */
  prerequisites: readonly number[];
  lane: string;
  costUsd: number;
}

/** The lane family of a step: a single agent's attempts are on `agent` lanes, fan-out's on `subagent` lanes. */
export function laneFamily(row: Pick<TraceRow, 'regime' | 'step'>): string {
  const family = LANE_FAMILY[row.step];
  return family === 'subagent' && !fansOut(row.regime) ? 'agent' : family;
}

/**
 * Greedy interval partitioning: for intervals given as [start, end), the lane (0-based) of each,
 * in input order. Sorting by (start, end, input order) makes it deterministic.
 */
export function partitionLanes(intervals: readonly { start: number; end: number }[]): number[] {
  const order = intervals.map((_, i) => i).sort((a, b) => intervals[a]!.start - intervals[b]!.start || intervals[a]!.end - intervals[b]!.end || a - b);
  const laneEnd: number[] = [];
  const lane = new Array<number>(intervals.length);
  for (const i of order) {
    const { start, end } = intervals[i]!;
    let l = laneEnd.findIndex((e) => e <= start);
    if (l < 0) l = laneEnd.push(end) - 1;
    else laneEnd[l] = end;
    lane[i] = l;
  }
  return lane;
}

/** The inference cost of a step, USD: its tokens times its tier's prices. */
export function stepCostUsd(model: CompiledModel, row: TraceRow): number {
  if (row.tier === '') return 0;
  const p = model.scenario.prices.tiers[row.tier];
  if (!p) throw new Error(`internal: trace row of unknown tier ${row.tier}`);
  return (
    (row.inputTokens * p.inputUsdPerMTok +
      row.cacheReadTokens * p.cacheReadUsdPerMTok +
      row.cacheWriteTokens * p.cacheWriteUsdPerMTok +
      row.outputTokens * p.outputUsdPerMTok) /
    1e6
  );
}

/**
 * Every step of replication `replication`, in the model's order (time order per regime), with
 * lane, subtask kind and cost.
 */
export function traceSteps(model: CompiledModel, seed: number | string, replication: number): TracedStep[] {
  const rows: TraceRow[] = [];
  const outcome = new Replicator(model, seed).run(replication, { keepChanges: true, tracer: (row) => rows.push(row) });
  // Which change a trace row's id is: in a closed loop the key holds the engineer and sequence.
  const records = new Map<number, ChangeRecord>();
  for (const list of outcome.changes ?? []) for (const r of list) records.set(r.change, r);
  const specs = new Map<number, ChangeSpec>();
  const specOf = (change: number): ChangeSpec => {
    let spec = specs.get(change);
    if (!spec) {
      const r = records.get(change);
      const key = r && r.engineer >= 0 ? { id: change, engineer: r.engineer, sequence: r.sequence } : change;
      spec = drawChange(model, seed, replication, key);
      specs.set(change, spec);
    }
    return spec;
  };
  const kindOf = (change: number, subtask: number): string => (subtask < 0 ? '' : model.kinds[specOf(change).kind[subtask]!]!.name);
  const prerequisitesOf = (change: number, subtask: number): number[] => {
    if (subtask < 0) return [];
    const { predStart, preds } = specOf(change);
    return [...preds.subarray(predStart[subtask]!, predStart[subtask + 1]!)];
  };
  const lanes = new Array<string>(rows.length);
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const group = `${row.regime}|${laneFamily(row)}`;
    let members = groups.get(group);
    if (!members) groups.set(group, (members = []));
    members.push(i);
  });
  for (const [group, members] of groups) {
    const family = group.slice(group.indexOf('|') + 1);
    if (family === 'outcome') {
      for (const i of members) lanes[i] = family;
      continue;
    }
    const assigned = partitionLanes(members.map((i) => ({ start: rows[i]!.startHours, end: rows[i]!.endHours })));
    members.forEach((i, k) => (lanes[i] = `${family} ${assigned[k]! + 1}`));
  }
  return rows.map((row, i) => ({ ...row, kind: kindOf(row.change, row.subtask), prerequisites: prerequisitesOf(row.change, row.subtask), lane: lanes[i]!, costUsd: stepCostUsd(model, row) }));
}

/** The trace as CSV text (header and one line per step), rounded like runs.csv. */
export function traceCsv(steps: readonly TracedStep[]): string {
  const hours = (x: number) => numberCell(roundTo(x, HOURS));
  const tokens = (x: number) => numberCell(roundTo(x, 0));
  const lines = [csvLine(TRACE_COLUMNS)];
  for (const s of steps)
    lines.push(
      csvLine([
        s.regime,
        String(s.change),
        s.step,
        String(s.subtask),
        // A kind's name is the user's text: neutralised and kept on one line, like every CSV's.
        textCell(s.kind),
        s.prerequisites.join(' '),
        String(s.attempt),
        s.tier,
        s.lane,
        hours(s.startHours),
        hours(s.endHours),
        tokens(s.inputTokens),
        tokens(s.cacheReadTokens),
        tokens(s.cacheWriteTokens),
        tokens(s.outputTokens),
        numberCell(roundTo(s.costUsd, USD)),
        s.outcome,
      ]),
    );
  return `${lines.join('\n')}\n`;
}
