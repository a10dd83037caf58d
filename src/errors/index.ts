/**
 * Errors by kind: a mistake in what the user gave orchsim, as opposed to a bug. Every layer throws
 * these and imports nothing else of the project from here, so the module sits below them all.
 *
 *   usage      a flag, a grid, a path, an option of the library (UsageError)
 *   scenario   a field of the scenario (ScenarioError: every problem of a file at once;
 *              DistributionParameterError: one parameter of a `{ dist: ... }` form)
 *   inputFile  a user's data file, at a line (InputFileError: calibrate's and fit's readers)
 *
 * Each names what is wrong in `field` (a flag without its dashes, a dotted scenario path, a
 * file's flag); the CLI prints the message and exits with code 2 for every InputError, and with
 * code 1 (a bug) for anything else. Across a worker thread an error travels as a plain payload
 * (errorPayload) and is rebuilt as the same class on the other side (rebuildError), so the kind
 * is read from the class, never from a name string.
 */

/** The kinds of user mistake. */
export type InputErrorKind = 'usage' | 'scenario' | 'inputFile';

/** A mistake in the user's input (exit code 2 at the command line), naming what is wrong in `field`. */
export abstract class InputError extends Error {
  abstract readonly kind: InputErrorKind;
  /** What is wrong: a flag without its dashes, a dotted scenario path; '' when there is no one thing to name. */
  readonly field: string;

  constructor(message: string, field = '') {
    super(message);
    this.field = field;
  }
}

/**
 * A mistake in what the user asked for (a flag, a grid, a path, an option): the CLI prints the
 * message and exits with code 2. `field` names what is wrong when there is one thing to name.
 */
export class UsageError extends InputError {
  readonly kind: InputErrorKind = 'usage';

  constructor(message: string, field = '') {
    super(message, field);
    this.name = 'UsageError';
  }
}

/** A user's data file is bad at one place (a line, an item of a JSON list): `where` says which. */
export class InputFileError extends UsageError {
  override readonly kind: InputErrorKind = 'inputFile';
  /** The file as the user named it. */
  readonly file: string;
  /** `line 7`, `item 3`; '' for the whole file. */
  readonly where: string;
  /** The 1-based line when `where` is a line; undefined otherwise. */
  readonly line: number | undefined;

  constructor(message: string, field: string, file: string, where = '') {
    super(message, field);
    this.name = 'InputFileError';
    this.file = file;
    this.where = where;
    const line = /^line (\d+)$/.exec(where);
    this.line = line ? Number(line[1]) : undefined;
  }
}

/** A mistake in a field of the scenario; `field` is its dotted path. */
export abstract class ScenarioFieldError extends InputError {
  readonly kind: InputErrorKind = 'scenario';
}

export interface ScenarioProblem {
  /** Dotted path of the field (`review.reviewers`, `workload.graph.subtasks[2].after[0]`); '' for the whole file. */
  field: string;
  problem: string;
}

/** At most this many problems are spelled out in a message (the rest are counted). */
export const MAX_LISTED_PROBLEMS = 20;

function problemLine(p: ScenarioProblem): string {
  return p.field ? `${p.field}: ${p.problem}` : p.problem;
}

/** One problem: `field: problem`. Several: `N problems:` then one indented line each. */
export function problemsMessage(problems: readonly ScenarioProblem[]): string {
  if (problems.length === 1) return problemLine(problems[0]!);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${problemLine(p)}`);
  const rest = problems.length - listed.length;
  return [`${problems.length} problems:`, ...listed, ...(rest > 0 ? [`  ... and ${rest} more`] : [])].join('\n');
}

/**
 * What is wrong with a scenario, every problem found at once (a file with three mistakes is fixed
 * in one round, not three); the first one is also `field` and `problem`.
 */
export class ScenarioError extends ScenarioFieldError {
  readonly problem: string;
  /** Every problem found, the first one also as `field` and `problem`. */
  readonly problems: readonly ScenarioProblem[];

  constructor(field: string, problem: string, more: readonly ScenarioProblem[] = []) {
    const problems = [{ field, problem }, ...more];
    super(problemsMessage(problems), field);
    this.name = 'ScenarioError';
    this.problem = problem;
    this.problems = problems;
  }

  /** An error holding every problem of a non-empty list. */
  static of(problems: readonly ScenarioProblem[]): ScenarioError {
    const [first, ...more] = problems;
    return new ScenarioError(first!.field, first!.problem, more);
  }
}

/**
 * A distribution parameter is invalid. `field` names it (`lognormal.p90`, or
 * `tokens.sonnet.outputPerTurn.p90` once {@link DistributionParameterError.atPath}
 * has prefixed the config path); the message says what to do about it.
 */
export class DistributionParameterError extends ScenarioFieldError {
  /** Distribution name, e.g. `lognormal`. */
  readonly dist: string;
  /** Parameter within the distribution, e.g. `p90`, `components[1].weight`; `''` for the whole. */
  readonly param: string;
  /** The message without the field prefix. */
  readonly reason: string;
  /** The config path prefix, if one was applied. */
  readonly path: string | undefined;

  constructor(dist: string, param: string, reason: string, path?: string) {
    const head = path ?? dist;
    const field = param ? `${head}.${param}` : head;
    super(`${field}: ${reason}`, field);
    this.name = 'DistributionParameterError';
    this.dist = dist;
    this.param = param;
    this.reason = reason;
    this.path = path;
  }

  /** The same error, reported under a config path (`path.param: reason`). */
  atPath(path: string): DistributionParameterError {
    return new DistributionParameterError(this.dist, this.param, this.reason, path);
  }
}

/** An error as a worker thread posts it: what rebuilds the same class on the other side. */
export type ErrorPayload =
  | { kind: 'usage'; message: string; field: string; stack?: string }
  | { kind: 'inputFile'; message: string; field: string; file: string; where: string; stack?: string }
  | { kind: 'scenario'; problems: ScenarioProblem[]; stack?: string }
  | { kind: 'distributionParameter'; dist: string; param: string; reason: string; path?: string; stack?: string }
  /** Anything else: a bug, carried by its message (and name, for the message of the rebuilt error). */
  | { kind: 'internal'; name: string; message: string; stack?: string };

/** The payload of any thrown value, classified by its class. */
export function errorPayload(err: unknown): ErrorPayload {
  const stack = err instanceof Error ? err.stack : undefined;
  if (err instanceof InputFileError) return { kind: 'inputFile', message: err.message, field: err.field, file: err.file, where: err.where, stack };
  if (err instanceof UsageError) return { kind: 'usage', message: err.message, field: err.field, stack };
  if (err instanceof ScenarioError) return { kind: 'scenario', problems: err.problems.map((p) => ({ ...p })), stack };
  if (err instanceof DistributionParameterError) return { kind: 'distributionParameter', dist: err.dist, param: err.param, reason: err.reason, path: err.path, stack };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'internal', name: e.name, message: e.message, stack };
}

/** An error other than a user mistake (a bug) raised inside a worker, carried back with its name, message and stack. */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The error a payload describes, as its own class: a user mistake is an InputError again (so the
 * caller tells it from a bug by `instanceof`), anything else a WorkerTaskError.
 */
export function rebuildError(payload: ErrorPayload): Error {
  const err = rebuilt(payload);
  if (payload.stack) err.stack = payload.stack;
  return err;
}

function rebuilt(payload: ErrorPayload): Error {
  switch (payload.kind) {
    case 'usage':
      return new UsageError(payload.message, payload.field);
    case 'inputFile':
      return new InputFileError(payload.message, payload.field, payload.file, payload.where);
    case 'scenario':
      return ScenarioError.of(payload.problems);
    case 'distributionParameter':
      return new DistributionParameterError(payload.dist, payload.param, payload.reason, payload.path);
    case 'internal':
      return new WorkerTaskError(payload.name, payload.message);
  }
}
