/**
 * Errors by kind (src/errors): every user mistake is an InputError of its kind, naming its field;
 * across a worker thread it is carried as a payload and rebuilt as the same class, so the main
 * thread (and the CLI's exit code) classifies it by class, never by a name string.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DistributionParameterError,
  errorPayload,
  InputError,
  InputFileError,
  rebuildError,
  ScenarioError,
  ScenarioFieldError,
  UsageError,
  WorkerTaskError,
} from '../../src/errors/index.js';
import { runPool } from '../../src/experiment/pool.js';
import { isUsageError } from '../../src/cli/program.js';
import { lognormal } from '../../src/random/index.js';
import { resolveScenario } from '../../src/model/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** One of each kind, as the layers throw them. */
function samples(): Error[] {
  let scenario: unknown;
  try {
    resolveScenario({ review: { reviewers: -1 }, fanout: 'four' } as never);
  } catch (err) {
    scenario = err;
  }
  let distribution: unknown;
  try {
    lognormal({ median: 2, p90: 1 });
  } catch (err) {
    distribution = err;
  }
  return [
    new UsageError('--runs 0: give a whole number of at least 1', 'runs'),
    new InputFileError('prs.json item 3: createdAt is not a date (pass --lenient to skip and count bad lines instead)', 'input', 'prs.json', 'item 3'),
    scenario as Error,
    distribution as Error,
    (distribution as DistributionParameterError).atPath('tokens.sonnet.outputPerTurn'),
  ];
}

describe('errors by kind', () => {
  it('each kind is an InputError naming its field, with its kind', () => {
    const [usage, file, scenario, distribution, atPath] = samples() as [UsageError, InputFileError, ScenarioError, DistributionParameterError, DistributionParameterError];
    expect([usage, file, scenario, distribution, atPath].every((e) => e instanceof InputError)).toBe(true);
    expect([usage.kind, file.kind, scenario.kind, distribution.kind]).toEqual(['usage', 'inputFile', 'scenario', 'scenario']);
    expect(scenario).toBeInstanceOf(ScenarioError);
    expect(scenario.problems.length).toBe(2);
    expect(distribution).toBeInstanceOf(ScenarioFieldError);
    expect(distribution).not.toBeInstanceOf(ScenarioError);
    expect(atPath.field).toBe(`tokens.sonnet.outputPerTurn.${distribution.param}`);
    expect(atPath.message).toBe(`${atPath.field}: ${distribution.reason}`);
    // An input file's error is a usage error too (a flag named a file), at a place in it.
    expect(file).toBeInstanceOf(UsageError);
    expect([file.file, file.where, file.line]).toEqual(['prs.json', 'item 3', undefined]);
    expect(new InputFileError('m', 'input', 'a.csv', 'line 7').line).toBe(7);
  });

  it('a payload rebuilds the same class, message, field and details', () => {
    for (const err of samples()) {
      // Through structured clone, as postMessage carries it.
      const back = rebuildError(structuredClone(errorPayload(err)));
      expect(back.constructor).toBe(err.constructor);
      expect(back.message).toBe(err.message);
      expect(back.stack).toBe(err.stack);
      expect({ ...back }).toEqual({ ...err });
    }
  });

  it('anything else is not an input error, and stays one with its name and message', () => {
    const bug = new RangeError('index 12 out of range');
    const back = rebuildError(structuredClone(errorPayload(bug)));
    expect(back).toBeInstanceOf(WorkerTaskError);
    expect(back).not.toBeInstanceOf(InputError);
    expect([back.name, back.message]).toEqual(['RangeError', 'index 12 out of range']);
    expect(isUsageError(back)).toBe(false);
    expect(rebuildError(errorPayload('a string thrown')).message).toBe('a string thrown');
  });

  it("the CLI's classifier takes every kind as a user mistake (exit 2)", () => {
    for (const err of samples()) expect(isUsageError(err)).toBe(true);
    expect(isUsageError(new Error('bug'))).toBe(false);
  });

  it('classifies by class, not by name: a bug named like a user mistake is still a bug (exit 1)', () => {
    const named = new Error('looks like a usage error');
    named.name = 'UsageError';
    expect(isUsageError(named)).toBe(false);
    expect(isUsageError(new WorkerTaskError('ScenarioError', 'a bug carrying a borrowed name'))).toBe(false);
  });
});

describe('across a worker thread', () => {
  const errorsModule = resolve(ROOT, 'dist/src/errors/index.js');

  /** A pool whose worker thread throws what `throwing` builds (in the worker, from the built module). */
  async function thrownInWorker(throwing: string): Promise<unknown> {
    if (!existsSync(errorsModule)) throw new Error(`${errorsModule} is missing: run npm run build (npm test does it first)`);
    const workerUrl = new URL(
      `data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';
import * as errors from ${JSON.stringify(pathToFileURL(errorsModule).href)};
parentPort.on('message', (msg) => {
  try {
    throw ${throwing};
  } catch (err) {
    parentPort.postMessage({ index: msg.index, error: errors.errorPayload(err) });
  }
});`)}`,
    );
    try {
      // Task 0 runs here; task 1 on the worker thread, where it throws.
      await runPool({ tasks: [0, 1], workers: 2, workerUrl, workerData: null, inProcess: () => (t: number) => t, onResult: () => {} });
    } catch (err) {
      return err;
    }
    throw new Error('the pool did not fail');
  }

  it('a scenario error thrown in a worker arrives as a ScenarioError with its problems', async () => {
    const err = await thrownInWorker(`new errors.ScenarioError('review.reviewers', 'must be at least 1 (got 0)', [{ field: 'fanout', problem: 'must be a whole number (got 2.5)' }])`);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).field).toBe('review.reviewers');
    expect((err as ScenarioError).message).toBe('2 problems:\n  review.reviewers: must be at least 1 (got 0)\n  fanout: must be a whole number (got 2.5)');
    expect(isUsageError(err)).toBe(true);
  });

  it('a usage error arrives as a UsageError, a bug as a WorkerTaskError (exit 1)', async () => {
    const usage = await thrownInWorker(`new errors.UsageError('--set fanout=0: must be at least 1', 'set')`);
    expect(usage).toBeInstanceOf(UsageError);
    expect((usage as UsageError).field).toBe('set');
    const bug = await thrownInWorker(`new TypeError('x is undefined')`);
    expect(bug).toBeInstanceOf(WorkerTaskError);
    expect(isUsageError(bug)).toBe(false);
  });
});
