/**
 * fast-check arbitraries of hostile scenarios: valid ones (the shipped presets, streams cut to a
 * day) mutated a few times each (wrong types, missing fields, NaN, Infinity, negative and huge
 * numbers, probabilities outside 0..1, empty and cyclic graphs, unknown tiers, deep nesting,
 * `__proto__` and `constructor` keys), then given as objects or as YAML text; and text that is
 * not a scenario at all (anchors and alias bombs, binary garbage, cut-off YAML), `--set` and
 * `--vary` arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import type { FuzzInput } from './outcome.js';

const CONFIGS = resolve(import.meta.dirname, '../../configs');

type Json = unknown;
type Mapping = Record<string, Json>;

const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The presets as partial scenarios; streams shortened to a day so that each case stays small. */
export const BASES: Mapping[] = readdirSync(CONFIGS)
  .filter((f) => f.endsWith('.yaml') && f !== 'tiers.yaml')
  .sort()
  .map((f) => {
    const data = parseYaml(readFileSync(join(CONFIGS, f), 'utf8')) as Mapping;
    const mode = data.mode;
    if (isMapping(mode) && mode.kind === 'stream') mode.horizonDays = 1;
    return data;
  });

/** Every path into a value (objects by key, arrays by index), the root excluded. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), pathsOf(v, [...prefix, i], out)));
  else if (isMapping(value)) for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), pathsOf(v, [...prefix, k], out);
  return out;
}

/** A copy of `root` with `edit` applied to the parent of `path` (defineProperty, so `__proto__` is a key). */
function edited(root: Json, path: readonly (string | number)[], edit: (parent: Mapping | Json[], key: string | number) => void): Json {
  const copy = structuredClone(root);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Mapping)[key as string];
  if (isMapping(parent) || Array.isArray(parent)) edit(parent, path[path.length - 1]!);
  return copy;
}

function define(target: Mapping | Json[], key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value nested `depth` levels deep (a mapping or a list at each level). */
function deep(depth: number, list: boolean): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
}

const HOSTILE_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0,
  0,
  -0.5,
  1.5,
  1e-300,
  5e-324,
  1e15,
  2 ** 31,
  2 ** 53 + 1,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'x', '=1+1', '-2', 'opus ', 'NaN', 'true', '__proto__', 'a'.repeat(10_000)) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(true, false, null, [], {}, [1, 2], [[]], { dist: 'nosuch' }, { dist: 'constant' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(
      { dist: 'lognormal', median: 1, p90: 1e300 },
      { dist: 'lognormal', median: 1e-300, p90: 1e300 },
      { dist: 'uniform', min: 0, max: 1e308 },
      { dist: 'exponential', mean: 1e300 },
      { dist: 'normal', mean: 0, sd: 1e300 },
      { dist: 'gamma', shape: 1e-300, scale: 1e300 },
      { dist: 'pert', min: 0, mode: 0, max: 1e300 },
      { dist: 'poisson', mean: 1e300 },
      { dist: 'empirical', samples: [] },
      { dist: 'empirical', samples: [1e308, -1e308] },
      { dist: 'mixture', components: [{ weight: 1, of: { dist: 'mixture', components: [{ weight: 1, of: 1e300 }] } }] },
      { dist: 'mixture', components: [{ weight: 0, of: 1 }] },
      { dist: 'triangular', min: 0, mode: 1e300, max: 1e308 },
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).chain((d) => fc.boolean().map((list) => deep(d, list))) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'dist', 'generator'),
  fc.string({ maxLength: 12 }),
);

/** One mutation of a partial scenario. */
type Mutation = (scenario: Json) => Json;

const setAt: fc.Arbitrary<Mutation> = fc.tuple(fc.nat(), hostileValue).map(([pick, value]) => (s: Json) => {
  const paths = pathsOf(s);
  return paths.length === 0 ? s : edited(s, paths[pick % paths.length]!, (parent, key) => define(parent, key, value));
});

const deleteAt: fc.Arbitrary<Mutation> = fc.nat().map((pick) => (s: Json) => {
  const paths = pathsOf(s);
  return paths.length === 0
    ? s
    : edited(s, paths[pick % paths.length]!, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
});

const addKey: fc.Arbitrary<Mutation> = fc.tuple(fc.nat(), hostileKey, hostileValue).map(([pick, key, value]) => (s: Json) => {
  const objects = [[], ...pathsOf(s)].filter((p) => isMapping(p.length === 0 ? s : valueAt(s, p)));
  const path = objects[pick % objects.length]!;
  return edited(s, [...path, key], (parent, k) => define(parent, k, value));
});

function valueAt(s: Json, path: readonly (string | number)[]): Json {
  return path.reduce<Json>((v, k) => (isMapping(v) || Array.isArray(v) ? (v as Mapping)[k as string] : undefined), s);
}

/** A partial scenario's top-level field replaced (mappings merge onto the default). */
const replaceField = (field: string, value: fc.Arbitrary<Json>): fc.Arbitrary<Mutation> =>
  value.map((v) => (s: Json) => (isMapping(s) ? { ...s, [field]: v } : s));

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e');

/** An explicit graph of a few subtasks with random `after` lists: cycles, self-loops, unknown ids, duplicates. */
const explicitGraph: fc.Arbitrary<Json> = fc
  .array(
    fc.record({ id: ids, kind: fc.constantFrom('scout', 'implement', 'hard', 'nosuch'), after: fc.array(fc.oneof(ids, fc.constant('zz')), { maxLength: 4 }) }),
    { maxLength: 6 },
  )
  .map((subtasks) => ({ graph: { generator: 'explicit', subtasks } }));

const graphs: fc.Arbitrary<Mutation> = replaceField(
  'workload',
  fc.oneof(
    explicitGraph,
    fc.constant({ graph: { generator: 'explicit', subtasks: [] } }),
    fc.constant({ graph: { generator: 'explicit' } }),
    fc.constantFrom('independent', 'chain', 'fork-join', 'layered', 'star').chain((generator) =>
      fc.record({ graph: fc.record({ generator: fc.constant(generator), count: hostileValue, layers: hostileValue, width: hostileValue }, { requiredKeys: ['generator'] }) }),
    ),
    fc.constant({ kinds: {} }),
    fc.record({ kinds: fc.dictionary(hostileKey, fc.record({ share: hostileValue }), { maxKeys: 3 }) }),
  ),
);

const routing: fc.Arbitrary<Mutation> = replaceField(
  'routing',
  fc.record(
    {
      orchestrator: fc.oneof(fc.constantFrom('opus', 'gpt', '', 'OPUS'), fc.string()),
      default: fc.constantFrom('sonnet', 'nosuch'),
      kinds: fc.dictionary(hostileKey, fc.constantFrom('haiku', 'nosuch')),
      escalationLadder: fc.array(fc.constantFrom('haiku', 'sonnet', 'opus', 'nosuch'), { maxLength: 5 }),
    },
    { requiredKeys: [] },
  ),
);

const streams: fc.Arbitrary<Mutation> = replaceField(
  'mode',
  fc.record({
    kind: fc.constant('stream'),
    arrivals: fc.oneof(
      fc.record({ per: fc.constantFrom('hour', 'workingDay', 'month', 'week'), rate: hostileValue }),
      fc.record({ per: fc.constant('engineer'), engineers: hostileValue, thinkHours: hostileValue }),
    ),
    horizonDays: hostileValue,
  }),
);

/** Probabilities a scenario may set to 0 or 1, each a sure thing or never. */
const PROBABILITIES = [
  'workload.graph.edgeProbability',
  'agents.cacheHitShare',
  'failure.siblingConflictProbability',
  'failure.speculativeConflictProbability',
  'failure.gate.catchProbability',
  'review.machineVerifiedDiscount',
  'review.defectDetectionProbability',
  'review.judgmentChangeProbability',
  'review.rejectProbability.agent',
  'review.rejectProbability.human',
  'people.supervisionShare',
  'people.humanDefectProbability',
];

/** A nested partial scenario setting one dotted path. */
function at(path: string, value: Json): Mapping {
  return path
    .split('.')
    .reduceRight<Json>((v, key) => ({ [key]: v }), value) as Mapping;
}

/**
 * Valid but extreme settings: sure failures with the most retries and rounds (rework that always
 * fails), queues far above capacity, the largest graphs, the narrowest calendars. Each must run to
 * its end, or stop at a documented limit as bad input.
 */
const extremes: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.tuple(fc.constantFrom(...PROBABILITIES), fc.constantFrom(0, 1)).map(([path, p]) => at(path, p)),
    fc.constantFrom<Mapping>(
      // Every attempt wrong and caught, every review round asks for more: the retry and round limits end it.
      {
        prices: { tiers: Object.fromEntries(['haiku', 'sonnet', 'opus'].map((t) => [t, { wrongProbability: 1 }])) },
        workload: { kinds: Object.fromEntries(['scout', 'implement', 'hard'].map((k) => [k, { verifiability: 1, difficulty: 1 }])) },
        failure: { maxAttempts: 20, gate: { catchProbability: 1, maxRuns: 20 } },
        review: { judgmentChangeProbability: 1, defectDetectionProbability: 1, maxRounds: 50 },
      },
      { failure: { onExhausted: 'abandon', maxAttempts: 1 } },
      { orchestration: { policy: 'speculative', agentCallCap: 1 }, failure: { speculativeConflictProbability: 1 } },
      { review: { reviewers: 1, workingHours: { startHour: 23.5, endHour: 24, workDays: [0] } } },
      { people: { workingHours: { startHour: 0, endHour: 0.5, workDays: [6] } } },
      { review: { reviewers: 10_000 }, fanout: 1024 },
      // Arrivals far above two reviewers' capacity.
      { mode: { kind: 'stream', arrivals: { per: 'hour', rate: 60 }, horizonDays: 2 }, review: { reviewers: 1 } },
      { mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 200, thinkHours: 0 }, horizonDays: 3 } },
      { mode: { kind: 'stream', arrivals: { per: 'workingDay', rate: 500 }, horizonDays: 1 } },
      // Large graphs (the limit itself, 500 subtasks, is tested in ./limits.test.ts: a dense one
      // under the speculative policy takes seconds per replication, too long for every fuzz case).
      { workload: { graph: { generator: 'independent', count: 300 } } },
      { workload: { graph: { generator: 'chain', count: { dist: 'uniform', min: 100, max: 200 } } } },
      { workload: { graph: { generator: 'layered', layers: 10, width: 12, edgeProbability: 1 } } },
      { workload: { graph: { generator: 'layered', layers: 20, width: 15 } } },
      { workload: { graph: { generator: 'layered', layers: 40, width: 30 } } },
    ),
  )
  .map((extreme) => (s: Json) => (isMapping(s) ? (mergeValue(s, extreme) as Json) : s));

/** Objects merge key by key; anything else replaces (a copy, not the preset itself). */
function mergeValue(base: Json, over: Json): Json {
  if (!isMapping(base) || !isMapping(over)) return structuredClone(over);
  const out: Mapping = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = mergeValue(out[k], v);
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: extremes },
  { weight: 6, arbitrary: setAt },
  { weight: 2, arbitrary: deleteAt },
  { weight: 2, arbitrary: addKey },
  { weight: 2, arbitrary: graphs },
  { weight: 1, arbitrary: routing },
  { weight: 1, arbitrary: streams },
);

/** A preset with one to four mutations. */
const mutatedScenario: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([base, mutations]) => mutations.reduce<Json>((s, m) => m(s), base));

/** YAML text that is no scenario: bombs, anchors, tags, garbage, cut-offs. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(
    // The billion laughs: nine levels of ten aliases each (yaml's maxAliasCount stops it).
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n'),
  ),
  fc.constant('base: &base { reviewers: 3 }\nreview:\n  <<: *base\n  reviewers: 4\n'),
  fc.constant('review: &r\n  reviewers: *r\n'),
  fc.constant('fanout: !!binary aGVsbG8=\n'),
  fc.constant('fanout: !!set { a, b }\n'),
  fc.constant('fanout: 4\nfanout: 5\n'),
  fc.constant('--- { fanout: 4 }\n--- { fanout: 5 }\n'),
  fc.constant('fanout: !custom 4\n'),
  fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  fc.constant(`${'a:\n '.repeat(2000)}1`),
  fc.constant('__proto__: { polluted: 1 }\nconstructor: { prototype: { polluted: 1 } }\n'),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.tuple(fc.constantFrom(...BASES), fc.nat()).map(([base, cut]) => {
    const text = toYaml(base);
    return text.slice(0, cut % text.length);
  }),
);

const setPaths = fc.constantFrom('fanout', 'review.reviewers', 'review', 'failure.gate.catchProbability', 'prices.tiers.opus', 'workload.graph', 'mode', '__proto__.x', 'constructor.prototype.x', 'a..b', '', 'regimes');
const setValues = fc.oneof(fc.constantFrom('4', '-1', 'NaN', '.inf', '1e400', '[1,', '{dist: lognormal, median: 1, p90: 1e300}', '', '~', '&a [*a]', '=1+1'), fc.string({ maxLength: 20 }));
const assignments = fc.array(fc.tuple(setPaths, setValues).map(([p, v]) => `${p}=${v}`), { minLength: 1, maxLength: 3 });

/** Every kind of fuzz input, weighted toward mutated scenarios. */
export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 6, arbitrary: mutatedScenario.map((value): FuzzInput => ({ kind: 'object', value })) },
  { weight: 3, arbitrary: mutatedScenario.map((value): FuzzInput => ({ kind: 'text', value: toYamlSafely(value) })) },
  { weight: 2, arbitrary: hostileText.map((value): FuzzInput => ({ kind: 'text', value })) },
  { weight: 1, arbitrary: assignments.map((value): FuzzInput => ({ kind: 'set', value })) },
  { weight: 1, arbitrary: assignments.map((value): FuzzInput => ({ kind: 'vary', value })) },
);

/** YAML of a mutated scenario (values YAML cannot write, such as a cycle or a symbol, become JSON). */
function toYamlSafely(value: Json): string {
  try {
    return toYaml(value, { aliasDuplicateObjects: false });
  } catch {
    return JSON.stringify(value) ?? 'null';
  }
}
