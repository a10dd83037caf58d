/**
 * From what a user wrote to a checked scenario: merge onto the default, validate with the
 * schema, then check what a schema cannot (./crossCheck). Every problem found is reported at
 * once, in one ScenarioError, each naming its field.
 */
import { ScenarioError, type ScenarioProblem } from '../../errors/index.js';
import { crossCheck } from './crossCheck.js';
import { DEFAULT_SCENARIO } from './defaults.js';
import { graphSizeProblems, magnitudeProblems, nestingProblem, reservedKeyProblems } from './limits.js';
import { problemsOfIssue } from './problems.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { readYaml } from './yamlText.js';


/** Keys whose presence means "this object replaces the default whole" (a different variant). */
export const VARIANT_KEYS: readonly string[] = ['dist', 'generator', 'kind', 'per'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge: objects merge key by key; arrays, scalars and variant objects (a distribution, a
 * graph generator, a mode) replace. So `{ review: { reviewers: 4 } }` changes one number.
 *
 * @example
 * ```ts
 * import { mergeScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const merged = mergeScenario({ review: { reviewers: 2, linesPerHour: 400 } }, { review: { reviewers: 4 } });
 * assert.deepEqual(merged, { review: { reviewers: 4, linesPerHour: 400 } }); // not validated: see validateScenario
 * ```
 */
export function mergeScenario(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override) || !isPlainObject(base)) return override === undefined ? base : override;
  if (VARIANT_KEYS.some((k) => k in override && override[k] !== base[k])) return override;
  const out: Record<string, unknown> = { ...base };
  // Defined, not assigned: a key such as `__proto__` stays a field (which the schema rejects as
  // unknown) instead of replacing the object's prototype.
  for (const [key, value] of Object.entries(override))
    Object.defineProperty(out, key, { value: mergeScenario(Object.hasOwn(base, key) ? base[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Validate a complete scenario object (already merged onto the default). Every problem is
 * reported at once: the schema's, the cross-checks' and the limits' (./limits; a problem inside a
 * field the schema already rejected is not repeated).
 *
 * @example
 * ```ts
 * import { DEFAULT_SCENARIO, ScenarioError, validateScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * assert.throws(
 *   () => validateScenario({ ...DEFAULT_SCENARIO, fanout: 0 }),
 *   (err) => err instanceof ScenarioError && err.field === 'fanout',
 * );
 * ```
 */
export function validateScenario(candidate: unknown): Scenario {
  const nesting = nestingProblem(candidate);
  if (nesting) throw ScenarioError.of([nesting]);
  // Before the schema: a map parsed with a `__proto__` key would drop it without a word.
  const reserved = reservedKeyProblems(candidate);
  if (reserved.length > 0) throw ScenarioError.of(reserved);
  const result = scenarioSchema.safeParse(candidate, { reportInput: true });
  const problems: ScenarioProblem[] = result.success ? [] : result.error.issues.flatMap((issue) => problemsOfIssue(issue));
  const rejected = problems.map((p) => p.field);
  const inside = (field: string) => rejected.some((r) => field === r || field.startsWith(`${r}.`) || field.startsWith(`${r}[`));
  const graph = isPlainObject(candidate) && isPlainObject(candidate.workload) ? candidate.workload.graph : undefined;
  const further = [...crossCheck(candidate), ...magnitudeProblems(candidate), ...graphSizeProblems(graph)];
  // A loop, not a spread: a hostile file can give more problems than a call may take arguments.
  for (const p of further) if (!inside(p.field)) problems.push(p);
  if (problems.length > 0) throw ScenarioError.of(problems);
  return result.data!;
}

/**
 * Merge a user's partial scenario onto a base (the embedded default unless given: the CLI passes
 * the default with the shipped price table, configs/tiers.yaml) and validate it.
 *
 * @example
 * ```ts
 * import { resolveScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const scenario = resolveScenario({ fanout: 8, review: { reviewers: 3 } });
 * assert.equal(scenario.fanout, 8);
 * assert.equal(scenario.review.reviewers, 3); // every other field is the default's
 * ```
 */
export function resolveScenario(partial: unknown = {}, base: Scenario = DEFAULT_SCENARIO): Scenario {
  if (!isPlainObject(partial)) throw new ScenarioError('', 'a scenario must be a mapping of fields (YAML or JSON object)');
  // Fresh copy so that callers never mutate the base.
  return validateScenario(mergeScenario(structuredClone(base), partial));
}

/**
 * A YAML syntax error as one message: what is wrong, then the line it is on and a caret under the
 * column (the yaml library's own message ends in a colon before a snippet it prints on later
 * lines; the snippet is rebuilt here from the text so it is never lost).
 */
export function syntaxErrorText(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (!pos) return message;
  const what = message.replace(/\s*at line \d+, column \d+:?\s*$/, '');
  const line = text.split(/\r?\n/)[pos.line - 1] ?? '';
  const gutter = `${pos.line} | `;
  const caret = `${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, pos.col - 1))}^`;
  return `${what} (line ${pos.line}, column ${pos.col}):\n  ${gutter}${line}\n  ${caret}`;
}

/**
 * Parse YAML or JSON text (JSON is YAML) into a resolved scenario. Text with no fields (empty,
 * only comments, `null`) is refused: it is more likely a mistake than a wish for the default.
 * `defaultName` names a scenario whose text gives no `name` (the CLI passes the file's name, so
 * that two partial files never share an output folder).
 *
 * @example
 * ```ts
 * import { parseScenarioText } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const scenario = parseScenarioText('fanout: 6\nreview:\n  reviewers: 2\n', 'team.yaml');
 * assert.equal(scenario.fanout, 6);
 * assert.equal(scenario.review.reviewers, 2);
 * ```
 */
export function parseScenarioText(text: string, sourceName = 'scenario', base: Scenario = DEFAULT_SCENARIO, defaultName?: string): Scenario {
  let data: unknown;
  try {
    data = readYaml(text);
  } catch (err) {
    throw new ScenarioError('', `${sourceName} is not valid YAML or JSON: ${syntaxErrorText(err, text)}`);
  }
  if (data === null || data === undefined)
    throw new ScenarioError('', `${sourceName} is empty (no fields): write the fields that differ from the default, or run orchsim init for a full scenario to edit`);
  if (defaultName !== undefined && isPlainObject(data) && !Object.hasOwn(data, 'name')) data = { ...data, name: defaultName };
  return resolveScenario(data, base);
}
