/**
 * Sweep grids. `--vary path=spec`, where spec is a comma-separated list of items and each item
 * is a value (YAML scalar or flow collection) or a range:
 *
 *   fanout=1,2,4,8,16          a list (powers of two written out)
 *   fanout=1..16               every integer from 1 to 16
 *   gate.catchProbability=0.2..0.8:0.2    from 0.2 to 0.8 in steps of 0.2
 *   fanout=1..64*2             geometric: 1, 2, 4, ..., 64 (times 2 each step)
 *   regimes=[single,fanout],[human,fanout]   flow lists (commas inside brackets are kept)
 *
 * Several `--vary` give the grid of every combination, the first `--vary` varying slowest.
 */
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../model/index.js';
import { applyOverrides, parseValue, pathToColumn, splitAssignment, type Override } from './overrides.js';

export interface Vary {
  path: string;
  /** Column name in the CSV files (snake_case of the path). */
  column: string;
  values: unknown[];
  source: string;
}

export interface GridPoint {
  /** Index of the point in the grid (canonical order). */
  index: number;
  /** The value of each vary, in --vary order. */
  values: unknown[];
  scenario: Scenario;
}

/** At most this many values per --vary and points per grid. */
export const MAX_VALUES = 10_000;
export const MAX_POINTS = 10_000;

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(`^(${NUM})\\.\\.(${NUM})(?:([:*])(${NUM}))?$`);

/** Split at commas that are not inside brackets, braces or quotes. */
export function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((s) => s.trim());
}

/** Decimal-clean arithmetic: 0.1 + 2 * 0.1 is 0.3, not 0.30000000000000004. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

function expandRange(item: string, source: string): number[] | null {
  const m = RANGE.exec(item);
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  const op = m[3];
  const step = m[4] === undefined ? 1 : Number(m[4]);
  if (from > to) throw new UsageError(`${source}: the range ${item} is empty (${from} > ${to}); write low..high`);
  const out: number[] = [];
  if (op === '*') {
    if (!(step > 1)) throw new UsageError(`${source}: in ${item} the factor after '*' must be greater than 1`);
    if (!(from > 0)) throw new UsageError(`${source}: a geometric range (${item}) must start above 0`);
    for (let v = from; v <= to * (1 + 1e-12); v = clean(v * step)) {
      out.push(v);
      if (out.length > MAX_VALUES) break;
    }
  } else {
    if (!(step > 0)) throw new UsageError(`${source}: in ${item} the step after ':' must be greater than 0`);
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_VALUES) throw new UsageError(`${source}: ${item} has ${count} values; at most ${MAX_VALUES} per --vary`);
    for (let i = 0; i < count; i++) out.push(clean(from + i * step));
  }
  if (out.length > MAX_VALUES) throw new UsageError(`${source}: ${item} has more than ${MAX_VALUES} values`);
  return out;
}

/**
 * Parse one `--vary path=spec`.
 *
 * @example
 * ```ts
 * import { parseVary } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const vary = parseVary('fanout=1,2,4,8');
 * assert.equal(vary.path, 'fanout');
 * assert.deepEqual(vary.values, [1, 2, 4, 8]);
 * ```
 */
export function parseVary(arg: string): Vary {
  const { path, text, source } = splitAssignment(arg, '--vary');
  if (text.trim() === '') throw new UsageError(`${source}: no values; write for example --vary fanout=1,2,4,8`);
  const values: unknown[] = [];
  for (const item of splitTopLevel(text)) {
    if (item === '') throw new UsageError(`${source}: an empty value between commas`);
    const range = expandRange(item, source);
    if (range) values.push(...range);
    else values.push(parseValue(item, source));
    if (values.length > MAX_VALUES) throw new UsageError(`${source}: more than ${MAX_VALUES} values`);
  }
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new UsageError(`${source}: the value ${key} appears twice`);
    seen.add(key);
  }
  return { path, column: pathToColumn(path), values, source };
}

/** Describe a value for messages and tables. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Every combination of the varies, each a validated scenario. Throws a UsageError naming the
 * --vary and value when a point is not a valid scenario, or when the grid is impossible.
 *
 * @example
 * ```ts
 * import { expandGrid, parseVary, resolveScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const points = expandGrid(resolveScenario(), [parseVary('fanout=1,2,4'), parseVary('review.reviewers=2,3')]);
 * assert.equal(points.length, 6);
 * assert.deepEqual(points[1].values, [1, 3]); // the last vary turns fastest
 * assert.equal(points[1].scenario.review.reviewers, 3);
 * ```
 */
export function expandGrid(base: Scenario, varies: readonly Vary[], reservedColumns: ReadonlySet<string> = new Set()): GridPoint[] {
  const paths = new Set<string>();
  const columns = new Set<string>();
  for (const v of varies) {
    if (paths.has(v.path)) throw new UsageError(`${v.source}: ${v.path} is varied twice; list all its values in one --vary`, v.path);
    for (const p of paths)
      if (v.path.startsWith(`${p}.`) || p.startsWith(`${v.path}.`))
        throw new UsageError(`${v.source}: ${v.path} overlaps another --vary (${p}); vary one or the other`, v.path);
    paths.add(v.path);
    if (columns.has(v.column) || reservedColumns.has(v.column))
      throw new UsageError(`${v.source}: its column name '${v.column}' clashes with another column`, v.path);
    columns.add(v.column);
  }
  let total = 1;
  for (const v of varies) total *= v.values.length;
  if (total > MAX_POINTS)
    throw new UsageError(`the grid has ${total.toLocaleString('en-US')} points; at most ${MAX_POINTS.toLocaleString('en-US')} (split it into several sweeps)`);
  const points: GridPoint[] = [];
  const idx = new Array<number>(varies.length).fill(0);
  for (let p = 0; p < total; p++) {
    let rest = p;
    for (let k = varies.length - 1; k >= 0; k--) {
      const n = varies[k]!.values.length;
      idx[k] = rest % n;
      rest = Math.floor(rest / n);
    }
    const values = varies.map((v, k) => v.values[idx[k]!]);
    const overrides: Override[] = varies.map((v, k) => ({
      path: v.path,
      value: values[k],
      source: `${v.source.split('=')[0]}=${showValue(values[k])}`,
    }));
    points.push({ index: p, values, scenario: applyOverrides(base, overrides) });
  }
  return points;
}

/**
 * A point's scenario again, from what meta.json records of it (the base scenario, the grid's paths
 * and the point's values by column): what merge and `orchsim report` label the regimes with.
 */
export function pointScenario(base: Scenario, grid: readonly { path: string; column: string }[], values: Readonly<Record<string, unknown>>): Scenario {
  return applyOverrides(
    base,
    grid.map((g) => ({ path: g.path, value: values[g.column], source: `${g.path}=${showValue(values[g.column])}` })),
  );
}
