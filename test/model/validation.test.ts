/** Validation that tells everything: every problem at once, each with its path; empty text; cycles named. */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors/index.js';
import { DEFAULT_SCENARIO, parseScenarioText, resolveScenario } from '../../src/model/index.js';
import { MAX_LISTED_PROBLEMS } from '../../src/errors/index.js';
import { findCycles } from '../../src/model/scenario/crossCheck.js';
import { scenarioErrorOf } from './helpers.js';

const errorOf = scenarioErrorOf;

const fields = (err: ScenarioError) => err.problems.map((p) => p.field);

const explicit = (subtasks: unknown[]) => ({ workload: { graph: { generator: 'explicit', subtasks } } });

describe('every problem of a scenario at once', () => {
  it('three mistakes in three places give three problems, each with its path, one line each', () => {
    const err = errorOf(() =>
      resolveScenario({ review: { reviewers: 0 }, fanout: 'four', routing: { orchestrator: 'gpt' } }),
    );
    expect(new Set(fields(err))).toEqual(new Set(['review.reviewers', 'fanout', 'routing.orchestrator']));
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('3 problems:');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual(['fanout', 'review.reviewers', 'routing.orchestrator']);
    expect(err.message).toMatch(/review\.reviewers: must be at least 1 \(got 0\)/);
    expect(err.message).toMatch(/fanout: expected number, got the string "four"/);
  });

  it('one problem keeps the one-line form `field: problem`', () => {
    const err = errorOf(() => resolveScenario({ failure: { gate: { catchProbability: 1.5 } } }));
    expect(err.message).toBe('failure.gate.catchProbability: must be at most 1 (got 1.5)');
  });

  it('a field of the wrong type is reported once, by the schema, not again by the cross-checks', () => {
    const err = errorOf(() => resolveScenario({ routing: { orchestrator: 42 } }));
    expect(fields(err)).toEqual(['routing.orchestrator']);
  });

  it('schema and cross-check problems come together', () => {
    const err = errorOf(() =>
      resolveScenario({ review: { workingHours: { startHour: 30, endHour: 17, workDays: [1, 1] } }, routing: { default: 'gpt' } }),
    );
    expect(new Set(fields(err))).toEqual(
      new Set(['review.workingHours.startHour', 'review.workingHours.endHour', 'review.workingHours.workDays', 'routing.default']),
    );
  });

  it('a union names the bad variant and its choices', () => {
    const err = errorOf(() => resolveScenario({ mode: { kind: 'stream', arrivals: { per: 'week', rate: 3 }, horizonDays: 5 } }));
    expect(err.message).toBe('mode.arrivals.per: must be one of hour, workingDay, month, engineer (got the string "week")');
  });

  it('a flood of problems is listed up to a limit and counted', () => {
    const kinds = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, { ...DEFAULT_SCENARIO.workload.kinds.implement!, share: -1 }]));
    const err = errorOf(() => resolveScenario({ workload: { kinds } }));
    expect(err.problems).toHaveLength(30);
    expect(err.message.split('\n')).toHaveLength(1 + MAX_LISTED_PROBLEMS + 1);
    expect(err.message).toMatch(/\.\.\. and 10 more$/);
  });
});

describe('text with no fields', () => {
  it.each(['', '\n', '# only a comment\n', 'null', '~\n', '---\n'])('%j is an error, not the default', (text) => {
    const err = errorOf(() => parseScenarioText(text, 'team.yaml'));
    expect(err.field).toBe('');
    expect(err.message).toMatch(/^team\.yaml is empty \(no fields\): .*orchsim init/);
  });
});

describe('a scenario without a name', () => {
  it('takes the name it is given (the CLI gives the file name); its own name wins', () => {
    expect(parseScenarioText('fanout: 2\n', 'team.yaml', DEFAULT_SCENARIO, 'team').name).toBe('team');
    expect(parseScenarioText('name: mine\nfanout: 2\n', 'team.yaml', DEFAULT_SCENARIO, 'team').name).toBe('mine');
    expect(parseScenarioText('fanout: 2\n').name).toBe('default');
  });
});

describe('explicit graphs', () => {
  it('a cycle is named as a cycle, with its members in order', () => {
    const err = errorOf(() =>
      resolveScenario(
        explicit([
          { id: 'a', kind: 'implement', after: ['c'] },
          { id: 'b', kind: 'implement', after: ['a'] },
          { id: 'c', kind: 'implement', after: ['b'] },
        ]),
      ),
    );
    // a waits on c, c on b, b on a: the search from a walks a -> c -> b and closes at b's after[0].
    expect(err.problems).toEqual([
      {
        field: 'workload.graph.subtasks[1].after[0]',
        problem: "cycle 'a' -> 'c' -> 'b' -> 'a': each waits on the next, so none can start; remove one of these after entries",
      },
    ]);
  });

  it('a subtask after itself is named', () => {
    const err = errorOf(() => resolveScenario(explicit([{ id: 'x', kind: 'scout', after: ['x'] }])));
    expect(err.message).toBe("workload.graph.subtasks[0].after[0]: 'x' waits on itself: remove it from its own after");
  });

  it('an acyclic graph listed out of order still asks for the order', () => {
    const err = errorOf(() => resolveScenario(explicit([{ id: 'a', kind: 'implement', after: ['b'] }, { id: 'b', kind: 'implement' }])));
    expect(err.message).toBe("workload.graph.subtasks[0].after[0]: 'b' must be listed before 'a' (the graph must be acyclic)");
  });

  it('unknown ids, duplicate ids and unknown kinds are all reported', () => {
    const err = errorOf(() =>
      resolveScenario(
        explicit([
          { id: 'a', kind: 'implement' },
          { id: 'a', kind: 'nosuch', after: ['zz'] },
        ]),
      ),
    );
    expect(new Set(fields(err))).toEqual(
      new Set(['workload.graph.subtasks[1].id', 'workload.graph.subtasks[1].kind', 'workload.graph.subtasks[1].after[0]']),
    );
  });

  it('findCycles: one cycle per back edge, none in a DAG, and no recursion on a long chain', () => {
    expect(findCycles([[1], [2], []])).toEqual([]);
    expect(findCycles([[1], [2], [0]])).toEqual([[0, 1, 2, 0]]);
    expect(findCycles([[0]])).toEqual([[0, 0]]);
    const n = 200_000;
    const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const cycles = findCycles(chain);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n + 1);
  });
});

describe('hostile keys', () => {
  it('__proto__ and constructor are reserved names, refused at their own field; no prototype changes', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const err = errorOf(() => resolveScenario(JSON.parse('{"review": {"__proto__": {"polluted": 1}}, "constructor": {"x": 1}}')));
    expect(new Set(fields(err))).toEqual(new Set(['review.__proto__', 'constructor']));
    expect(err.message).toMatch(/'__proto__'/);
    expect(err.message).toMatch(/'constructor'/);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
