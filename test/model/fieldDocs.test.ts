/**
 * One source for what every field means: each leaf of the scenario schema has an entry in
 * fieldDocs.ts, each entry a field; the JSON Schema carries them; docs/model.md's tables are
 * exactly what the entries and the default scenario give (`npm run docs` rewrites them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultText, docFor, FIELD_DOCS, leafPaths, matchesPattern, scenarioJsonSchema } from '../../src/model/index.js';
import { formatValue } from '../../src/model/scenario/describeField.js';
import { distSpecSchema } from '../../src/random/index.js';
import { markedTables, PARAMETER_TABLES, tableOf, updateParameterTables } from '../../src/output/index.js';

const MODEL_DOC = resolve(import.meta.dirname, '../../docs/model.md');

describe('field documentation', () => {
  it('leafPaths walks records, lists, unions and distributions', () => {
    const schema = z.strictObject({
      a: z.number(),
      m: z.record(z.string(), z.strictObject({ x: z.string().optional() })),
      u: z.union([z.literal('always'), z.strictObject({ h: z.number() })]),
      l: z.array(z.strictObject({ id: z.string(), tags: z.array(z.string()).default([]) })),
      d: distSpecSchema,
      v: z.discriminatedUnion('k', [z.strictObject({ k: z.literal('p'), p: z.number() }), z.strictObject({ k: z.literal('q'), q: z.number() })]),
    });
    expect(leafPaths(schema)).toEqual(['a', 'm.*.x', 'u', 'u.h', 'l[*].id', 'l[*].tags', 'd', 'v.k', 'v.p', 'v.q']);
  });

  it('matchesPattern: * is one key, [*] one item', () => {
    expect(matchesPattern('money.buildUsdPerChange.human', 'money.buildUsdPerChange.*')).toBe(true);
    expect(matchesPattern('workload.graph.subtasks[3].after', 'workload.graph.subtasks[*].after')).toBe(true);
    expect(matchesPattern('prices.tiers.opus', 'prices.tiers.*.inputUsdPerMTok')).toBe(false);
  });

  it('every field of the scenario schema has an entry (add one to src/model/scenario/fieldDocs.ts)', () => {
    expect(leafPaths().filter((p) => !docFor(p))).toEqual([]);
  });

  it('every entry documents a field of the schema', () => {
    const leaves = leafPaths();
    expect(Object.keys(FIELD_DOCS).filter((pattern) => !leaves.some((l) => l === pattern || matchesPattern(l, pattern)))).toEqual([]);
  });

  it('every entry says its unit, source and effect', () => {
    for (const [path, doc] of Object.entries(FIELD_DOCS)) {
      expect(doc.unit, path).not.toBe('');
      expect(doc.source, path).not.toBe('');
      expect(doc.effect.length, path).toBeGreaterThan(5);
    }
  });

  it('defaults come from the default scenario, in words', () => {
    expect(defaultText('review.reviewers')).toBe('2');
    expect(defaultText('prices.tiers.*.inputUsdPerMTok', true)).toBe('1 / 3 / 5');
    expect(defaultText('routing.kinds.*')).toBe('scout: `haiku`, implement: `sonnet`, hard: `opus`');
    expect(defaultText('mode.horizonDays')).toBe('-'); // a stream's field; the default is one change
    expect(defaultText('money.delayUsdPerHour')).toBe('0 (off)');
    expect(formatValue({ dist: 'lognormal', median: 18_000, p90: 30_000 })).toBe('lognormal 18,000, 30,000');
    expect(formatValue({ dist: 'triangular', min: 2, mode: 3, max: 4 })).toBe('triangular 2-3-4');
    expect(formatValue(['haiku', 'sonnet'])).toBe('[haiku, sonnet]');
  });
});

describe('the JSON Schema', () => {
  it('describes every property, the distribution forms\' fields included: none undescribed (issue 24)', () => {
    const undescribed: string[] = [];
    let properties = 0;
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
      const n = node as Record<string, unknown>;
      for (const [k, child] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
        properties++;
        if (!(child as { description?: string }).description) undescribed.push(`${path}.${k}`);
        walk(child, `${path}.${k}`);
      }
      if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}.*`);
      if (typeof n.items === 'object') walk(n.items, `${path}[*]`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) walk(n[key], path);
      for (const [k, def] of Object.entries((n.$defs as Record<string, unknown>) ?? {})) walk(def, `$defs.${k}`);
    };
    walk(scenarioJsonSchema(), '');
    expect(properties).toBeGreaterThan(200);
    expect(undescribed).toEqual([]);
  });

  /** Every node of the JSON Schema by field path (properties, map values, list items, union forms). */
  function nodesByPath(node: unknown, path = '', out = new Map<string, Record<string, unknown>[]>()) {
    if (typeof node !== 'object' || node === null) return out;
    const n = node as Record<string, unknown>;
    out.set(path, [...(out.get(path) ?? []), n]);
    const join = (k: string) => (path ? `${path}.${k}` : k);
    for (const [k, child] of Object.entries((n.properties as object) ?? {})) nodesByPath(child, join(k), out);
    if (typeof n.additionalProperties === 'object') nodesByPath(n.additionalProperties, join('*'), out);
    if (typeof n.items === 'object') nodesByPath(n.items, `${path}[*]`, out);
    for (const key of ['anyOf', 'oneOf']) for (const form of (n[key] as unknown[]) ?? []) nodesByPath(form, path, out);
    return out;
  }

  it('describes every field: what it does, its unit, its default (was 2 descriptions in all)', () => {
    const nodes = nodesByPath(scenarioJsonSchema());
    const undescribed = leafPaths().filter((leaf) => {
      const described = (nodes.get(leaf) ?? []).filter((n) => typeof n.description === 'string');
      return !described.some((n) => /Unit: .+\. Default: .+\./.test(n.description as string) && typeof n.markdownDescription === 'string');
    });
    expect(undescribed).toEqual([]);
  });

  it('accepts a partial file as the loader does: every preset, one changed number; a form still needs its tag', () => {
    const validate = new Ajv2020({ strict: false, allowUnionTypes: true }).compile(scenarioJsonSchema());
    const configs = resolve(import.meta.dirname, '../../configs');
    const files = readdirSync(configs).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const ok = validate(parseYaml(readFileSync(resolve(configs, file), 'utf8')));
      expect(ok ? null : { file, errors: validate.errors }).toBeNull();
    }
    expect(validate({ review: { reviewers: 4 } })).toBe(true);
    expect(validate({ mode: { kind: 'stream', horizonDays: 20 } })).toBe(true);
    // Still a schema: a wrong type, an unknown key and a form without its tag are flagged.
    expect(validate({ review: { reviewers: 'four' } })).toBe(false);
    expect(validate({ review: { reviewerz: 2 } })).toBe(false);
    expect(validate({ mode: { horizonDays: 20 } })).toBe(false);
    // Distributions: a number or a tagged form with its own parameters.
    const ttft = (v: unknown) => validate({ prices: { tiers: { haiku: { timeToFirstTokenSeconds: v } } } });
    expect(ttft(0.8)).toBe(true);
    expect(ttft({ dist: 'triangular', min: 0.5, mode: 0.8, max: 1.5 })).toBe(true);
    expect(ttft({ dist: 'lognormal', median: 1, p90: 2 })).toBe(true);
    expect(ttft({ median: 1, p90: 2 })).toBe(false);
    expect(ttft({ dist: 'lognormal', median: 1, spread: 2 })).toBe(false);
    expect(ttft({ dist: 'gaussian', mean: 1 })).toBe(false);
    expect(ttft('fast')).toBe(false);
    expect(validate({ prices: { tiers: { haiku: { wrongProbability: 0.2 } } } })).toBe(true);
  });

  it('offers the default value where the field has one', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { properties: Record<string, { default?: unknown }> }> };
    expect(schema.properties.review!.properties.reviewers!.default).toBe(2);
    expect(schema.properties.failure!.properties.onExhausted!.default).toBe('human-takeover');
  });
});

describe('docs/model.md', () => {
  const page = readFileSync(MODEL_DOC, 'utf8');

  it('marks every parameter table once', () => {
    expect(markedTables(page)).toEqual(PARAMETER_TABLES.map((t) => t.id));
  });

  it('every entry lands in a table', () => {
    for (const pattern of Object.keys(FIELD_DOCS)) expect(PARAMETER_TABLES, pattern).toContain(tableOf(pattern));
  });

  it('its tables are what fieldDocs.ts and the default scenario give (else run npm run docs)', () => {
    expect(updateParameterTables(page) === page, 'docs/model.md differs from src/model/scenario/fieldDocs.ts: run npm run docs').toBe(true);
  });
});
