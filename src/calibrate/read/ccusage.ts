/**
 * ccusage's `--json` reports (`ccusage daily --json`, `session`, `monthly`, `weekly`): an object
 * holding rows under `daily`, `sessions`, `monthly`, `weekly` or `data` (or `projects: { name:
 * rows }` with --instances), each row with `inputTokens`, `outputTokens`, `cacheCreationTokens`,
 * `cacheReadTokens`, `totalCost`/`costUSD` and, per model, `modelBreakdowns: [{ modelName,
 * inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens, cost }]`. Token totals by
 * model are what is read. A report is one JSON document, read whole (it is small: one row a day
 * or a session).
 */
import { UsageError } from '../../errors/index.js';
import { BadLines, fileBytes, numberOf, readInputText } from './lines.js';

export interface TokenTotals {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface CcusageTotals {
  bytes: number;
  rows: number;
  /** Totals by model name ('' when a row names no single model). */
  byModel: Map<string, TokenTotals>;
  malformedSkipped: number;
}

const ROW_KEYS = ['daily', 'sessions', 'monthly', 'weekly', 'data', 'blocks'];

/** Line number of a character offset (for a JSON syntax error). */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function rowsOf(doc: Record<string, unknown>): { where: string; row: unknown }[] {
  const out: { where: string; row: unknown }[] = [];
  for (const k of ROW_KEYS) if (Array.isArray(doc[k])) (doc[k] as unknown[]).forEach((row, i) => out.push({ where: `${k}[${i}]`, row }));
  const projects = doc.projects;
  if (typeof projects === 'object' && projects !== null)
    for (const [name, rows] of Object.entries(projects))
      if (Array.isArray(rows)) rows.forEach((row, i) => out.push({ where: `projects.${name}[${i}]`, row }));
  return out;
}

const TOKENS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

export function readCcusage(file: string, bad: BadLines): CcusageTotals {
  const bytes = fileBytes(file, '--ccusage');
  if (bytes === 0) throw new UsageError(`--ccusage ${file}: the file is empty`, 'ccusage');
  const text = readInputText(file, '--ccusage');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const where = at ? ` (line ${lineAt(text, Number(at[1]))})` : '';
    throw new UsageError(`--ccusage ${file}: not valid JSON${where}; give the output of ccusage daily --json or ccusage session --json`, 'ccusage');
  }
  const rows = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? rowsOf(doc as Record<string, unknown>) : [];
  if (rows.length === 0)
    throw new UsageError(`--ccusage ${file}: no report rows (expected the JSON of ccusage daily --json or session --json: { "daily": [...] } or { "sessions": [...] })`, 'ccusage');
  const byModel = new Map<string, TokenTotals>();
  const before = bad.total;
  const add = (model: string, entry: Record<string, unknown>, where: string): boolean => {
    const v = TOKENS.map((k) => numberOf(entry[k] ?? 0));
    const i = v.findIndex((x) => x === undefined || x < 0);
    if (i >= 0) {
      bad.report(file, where, `${TOKENS[i]} is not a non-negative number`);
      return false;
    }
    const t = byModel.get(model) ?? { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 };
    t.inputTokens += v[0]!;
    t.outputTokens += v[1]!;
    t.cacheWriteTokens += v[2]!;
    t.cacheReadTokens += v[3]!;
    t.costUsd += numberOf(entry.cost ?? entry.totalCost ?? entry.costUSD) ?? 0;
    byModel.set(model, t);
    return true;
  };
  let kept = 0;
  for (const { where, row } of rows) {
    if (typeof row !== 'object' || row === null) {
      bad.report(file, where, 'is not an object');
      continue;
    }
    const r = row as Record<string, unknown>;
    const breakdowns = Array.isArray(r.modelBreakdowns) ? (r.modelBreakdowns as unknown[]) : [];
    if (breakdowns.length > 0) {
      breakdowns.forEach((b, i) => {
        const entry = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
        add(typeof entry.modelName === 'string' ? entry.modelName : '', entry, `${where}.modelBreakdowns[${i}]`);
      });
      kept++;
    } else {
      const models = (r.modelsUsed ?? r.models) as unknown;
      const single = Array.isArray(models) && models.length === 1 && typeof models[0] === 'string' ? models[0] : '';
      if (add(single, r, where)) kept++;
    }
  }
  return { bytes: bytes ?? 0, rows: kept, byModel, malformedSkipped: bad.total - before };
}
