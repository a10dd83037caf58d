/**
 * What is wrong with a scenario, as a list of problems, each naming its field and the fix. A
 * ScenarioError carries every problem found at once, so a file with three mistakes is fixed in
 * one round, not three. zod's issues are turned into problems here, in words a user can act on.
 */
import type { z } from 'zod';
import type { ScenarioProblem } from '../../errors/index.js';

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : // A key holding a control character (a newline, an ANSI escape) is shown escaped: a message stays one line and never drives the terminal.
          CONTROL_CHARACTER.test(String(p))
          ? `[${JSON.stringify(String(p))}]`
          : i === 0
            ? String(p)
            : `.${String(p)}`,
    )
    .join('');
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** What the user wrote, in a few words: `2.5`, `the string "four"`, `a list`, `nothing`. */
export function describeInput(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v;
}

/** How to write a value of each type, for the forms of a union. */
const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'a text',
  boolean: 'true or false',
  object: 'a mapping of fields',
  array: 'a list',
};

/** The fix when YAML read a word as a number or a boolean. */
const TYPE_HINTS: Record<string, string> = {
  string: ' (quote it if YAML reads it as a number or a boolean)',
};

function oneOf(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, low: boolean): string {
  const limit = Number(low ? issue.minimum : issue.maximum).toLocaleString('en-US');
  if (low) return issue.inclusive ? `at least ${limit}` : `greater than ${limit}`;
  return issue.inclusive ? `at most ${limit}` : `less than ${limit}`;
}

function sizeProblem(issue: { origin?: string; input?: unknown; minimum?: unknown; maximum?: unknown; inclusive?: boolean }, low: boolean): string {
  const limit = bound(issue, low);
  if (issue.origin === 'array') return `must list ${limit} ${Number(low ? issue.minimum : issue.maximum) === 1 ? 'entry' : 'entries'}`;
  if (issue.origin === 'string') return `must be ${limit} characters long`;
  return `must be ${limit} (got ${describeInput(issue.input)})`;
}

/**
 * The problems of one zod issue (a union whose input matched one form's type reports that form's
 * own problems). Issues must come from a parse with `reportInput: true`, so that the message can
 * say what was written.
 */
export function problemsOfIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): ScenarioProblem[] {
  const path = [...prefix, ...issue.path];
  const field = formatPath(path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int') return [{ field, problem: `must be a whole number (got ${describeInput(input)})` }];
      // Quoting helps where YAML read a word as a number or a boolean.
      const hint = typeof input === 'number' || typeof input === 'boolean' ? (TYPE_HINTS[issue.expected] ?? '') : '';
      if (input === undefined) return [{ field, problem: `is missing: add it (expected ${issue.expected}${hint})` }];
      return [{ field, problem: `expected ${issue.expected}, got ${describeInput(input)}${hint}` }];
    }
    case 'too_small':
      return [{ field, problem: sizeProblem(issue, true) }];
    case 'too_big':
      return [{ field, problem: sizeProblem(issue, false) }];
    case 'invalid_value':
      return [{ field, problem: `must be ${issue.values.length === 1 ? '' : 'one of '}${oneOf(issue.values)} (got ${describeInput(input)})` }];
    case 'unrecognized_keys':
      return [{ field, problem: `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')}: check the spelling (orchsim validate prints every field)` }];
    case 'invalid_key':
      return [{ field, problem: `'${String(input)}' is not a valid name: ${issue.issues.map((i) => i.message).join('; ')}` }];
    case 'invalid_union': {
      const u = issue as typeof issue & { discriminator?: string; options?: unknown[] };
      if (u.discriminator && u.options) {
        const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[u.discriminator] : undefined;
        return [{ field, problem: `must be one of ${oneOf(u.options)} (got ${describeInput(given)})` }];
      }
      // A form whose every issue lies inside the value matched its type: its problems are the real ones.
      const matched = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
      if (matched) return matched.flatMap((i) => problemsOfIssue(i, path));
      const forms = issue.errors.map((branch) => {
        const top = branch.find((i) => i.path.length === 0);
        if (top?.code === 'invalid_value') return oneOf(top.values);
        if (top?.code === 'invalid_type') return TYPE_NAMES[top.expected] ?? top.expected;
        return undefined;
      });
      const known = forms.filter((f): f is string => f !== undefined);
      return [{ field, problem: known.length ? `expected ${known.join(' or ')} (got ${describeInput(input)})` : issue.message }];
    }
    default:
      return [{ field, problem: issue.message }];
  }
}
