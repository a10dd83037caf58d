/**
 * `--set path=value` and the values of `--vary`: dotted paths into a scenario, values parsed as
 * YAML scalars (numbers, booleans, strings) or JSON / YAML flow collections. An override becomes a
 * nested partial scenario, deep-merged onto the resolved scenario and validated again, so an
 * unknown path or a bad value is reported by the schema, naming the field.
 */
import { ScenarioError, UsageError } from '../errors/index.js';
import { mergeScenario, readYaml, validateScenario, type Scenario } from '../model/index.js';

export interface Override {
  /** Dotted path, e.g. `review.reviewers`. */
  path: string;
  value: unknown;
  /** What the user wrote, for messages (`--set review.reviewers=abc`). */
  source: string;
}

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Check a dotted path's shape (not whether the scenario has it: the schema says that). */
export function checkPath(path: string, source: string): string[] {
  const parts = path.split('.');
  if (path === '' || parts.some((p) => !SEGMENT.test(p)))
    throw new UsageError(`${source}: '${path}' is not a dotted path of field names (for example review.reviewers)`, path);
  return parts;
}

/** Parse one value as YAML (a scalar, or a flow list/map; JSON is YAML). */
export function parseValue(text: string, source: string): unknown {
  if (text.trim() === '') throw new UsageError(`${source}: the value is empty`);
  try {
    return readYaml(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0]!.replace(/:$/, '') : String(err);
    throw new UsageError(`${source}: cannot read the value '${text}': ${detail}`);
  }
}

/** Split `path=value` at the first '='. */
export function splitAssignment(arg: string, flag: string): { path: string; text: string; source: string } {
  const source = `${flag} ${arg}`;
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(`${source}: expected path=value (for example ${flag} review.reviewers=4)`);
  const path = arg.slice(0, eq).trim();
  checkPath(path, source);
  return { path, text: arg.slice(eq + 1), source };
}

/**
 * `--set path=value` → an override.
 *
 * @example
 * ```ts
 * import { applyOverrides, parseSet, resolveScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const scenario = applyOverrides(resolveScenario(), [parseSet('review.reviewers=4')]);
 * assert.equal(scenario.review.reviewers, 4);
 * ```
 */
export function parseSet(arg: string): Override {
  const { path, text, source } = splitAssignment(arg, '--set');
  return { path, value: parseValue(text, source), source };
}

/** The nested partial scenario `{ a: { b: value } }` for path `a.b`. */
export function pathToObject(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let out: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i]!]: out };
  return out as Record<string, unknown>;
}

/**
 * Apply overrides in order onto a resolved scenario and validate the result. A validation
 * error is reported against the override that was applied last (or the one whose path it names).
 *
 * @example
 * ```ts
 * import { applyOverrides, parseSet, resolveScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const scenario = applyOverrides(resolveScenario(), [parseSet('fanout=8'), parseSet('review.reviewers=2')]);
 * assert.equal(scenario.fanout, 8);
 * assert.equal(scenario.review.reviewers, 2);
 * ```
 */
export function applyOverrides(base: Scenario, overrides: readonly Override[]): Scenario {
  if (overrides.length === 0) return base;
  let merged: unknown = base;
  for (const o of overrides) merged = mergeScenario(merged, pathToObject(o.path, o.value));
  try {
    return validateScenario(structuredClone(merged));
  } catch (err) {
    if (err instanceof ScenarioError) {
      const culprit =
        overrides.find((o) => err.field === o.path || err.field.startsWith(`${o.path}.`) || err.field.startsWith(`${o.path}[`)) ??
        overrides.find((o) => o.path.startsWith(`${err.field}.`) || err.field === '') ??
        overrides[overrides.length - 1]!;
      throw new UsageError(`${culprit.source}: ${err.message}`, err.field);
    }
    throw err;
  }
}

/** `review.reviewers` → `review_reviewers`; `agentCallCap` → `agent_call_cap`. */
export function pathToColumn(path: string): string {
  return path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[.-]/g, '_')
    .toLowerCase();
}
