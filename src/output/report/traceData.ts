/**
 * What a trace report reads: the trace CSV (../trace.ts writes it) and its sidecar
 * `<name>.meta.json` (the scenario, for its working hours, and how the trace was made), which
 * `orchsim trace --report` writes beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Scenario } from '../../model/index.js';
import { parseCsvLine, parseNumberCell } from '../csv.js';
import { TRACE_COLUMNS } from '../trace.js';

export interface TraceMeta {
  orchsim: string;
  command: 'trace';
  argv: string[];
  scenarioName: string;
  scenario: Scenario;
  seed: number | string;
  replication: number;
}

export interface TraceStepRow {
  regime: string;
  change: number;
  step: string;
  subtask: number;
  kind: string;
  /** The subtask's prerequisites (subtask indices); null when the trace predates the column. */
  prerequisites: number[] | null;
  attempt: number;
  tier: string;
  lane: string;
  startHours: number;
  endHours: number;
  costUsd: number;
  outcome: string;
}

export interface TraceData {
  file: string;
  meta: TraceMeta;
  steps: TraceStepRow[];
}

/** The sidecar of a trace file: `trace.csv` -> `trace.meta.json`. */
export function traceMetaFile(traceFile: string): string {
  return `${traceFile.replace(/\.csv$/i, '')}.meta.json`;
}

const OPTIONAL_COLUMN = 'prerequisites';

export function parseTraceCsv(text: string, file = 'trace'): TraceStepRow[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  // A trace written before the prerequisites column still loads (its Gantt chart has no edges).
  const missing = TRACE_COLUMNS.filter((c) => c !== OPTIONAL_COLUMN && !header.includes(c));
  if (missing.length) throw new Error(`${file}: not an orchsim trace (no column ${missing.join(', ')}); write it again with orchsim trace`);
  const at = Object.fromEntries(TRACE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof TRACE_COLUMNS)[number], number>;
  return lines.slice(1).map((line) => {
    const c = parseCsvLine(line);
    return {
      regime: c[at.regime]!,
      change: Number(c[at.change]),
      step: c[at.step]!,
      subtask: Number(c[at.subtask]),
      kind: c[at.kind]!,
      prerequisites: at.prerequisites < 0 ? null : (c[at.prerequisites] ?? '').split(' ').filter((t) => t !== '').map(Number),
      attempt: Number(c[at.attempt]),
      tier: c[at.tier]!,
      lane: c[at.lane]!,
      startHours: parseNumberCell(c[at.start_hours]!),
      endHours: parseNumberCell(c[at.end_hours]!),
      costUsd: parseNumberCell(c[at.cost_usd]!),
      outcome: c[at.outcome]!,
    };
  });
}

export function loadTrace(file: string): TraceData {
  const metaFile = traceMetaFile(file);
  if (!existsSync(file)) throw new Error(`${file}: no such trace file`);
  if (!existsSync(metaFile)) throw new Error(`${file}: no ${metaFile} beside it (write the trace with orchsim trace --out ${file} --report)`);
  return { file, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as TraceMeta, steps: parseTraceCsv(readFileSync(file, 'utf8'), file) };
}
