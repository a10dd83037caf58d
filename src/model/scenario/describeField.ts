/**
 * A field's documentation with its default, in words: for docs/model.md's tables and for the
 * JSON Schema that `orchsim schema` prints (descriptions, units and defaults for editors' hover).
 */
import { z } from 'zod';
import { DEFAULT_SCENARIO } from './defaults.js';
import { FIELD_DOCS, GROUP_DOCS, type FieldDoc } from './fieldDocs.js';
import { matchesPattern } from './fieldPaths.js';
import { distSpecJsonSchema, distSpecSchema } from '../../random/index.js';
import { VARIANT_KEYS } from './resolve.js';
import { scenarioSchema } from './schema.js';

/** The entry documenting a field (a concrete path or a pattern), or undefined. */
export function docFor(path: string): { pattern: string; doc: FieldDoc } | undefined {
  const exact = FIELD_DOCS[path];
  if (exact) return { pattern: path, doc: exact };
  const pattern = Object.keys(FIELD_DOCS).find((p) => p.includes('*') && matchesPattern(path, p));
  return pattern === undefined ? undefined : { pattern, doc: FIELD_DOCS[pattern]! };
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The default scenario's values under a pattern, with the keys `*` stood for (`[]` when the
 * default has none there, such as a stream's fields in the single-change default).
 */
export function defaultsAt(pattern: string, root: unknown = DEFAULT_SCENARIO): { keys: string[]; value: unknown }[] {
  let found: { keys: string[]; value: unknown }[] = [{ keys: [], value: root }];
  for (const segment of pattern.replace(/\[\*\]/g, '.[*]').split('.')) {
    found = found.flatMap(({ keys, value }) => {
      if (segment === '*' && isMapping(value)) return Object.entries(value).map(([k, v]) => ({ keys: [...keys, k], value: v }));
      if (segment === '[*]') return Array.isArray(value) ? value.map((v, i) => ({ keys: [...keys, String(i)], value: v })) : [];
      return isMapping(value) && Object.hasOwn(value, segment) ? [{ keys, value: value[segment] }] : [];
    });
  }
  return found;
}

const number = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** A default as the docs write it: `opus`, 200,000, lognormal 6, 15 (median, p90), triangular 2-3-4. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return number(v);
  if (typeof v === 'string') return `\`${v}\``;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? x : formatValue(x))).join(', ')}]`;
  if (!isMapping(v)) return '-';
  const d = v as Record<string, number>;
  switch (v.dist) {
    case 'constant':
      return number(d.value!);
    case 'lognormal':
      if ('median' in v) return `lognormal ${number(d.median!)}, ${number(d.p90!)}`;
      break;
    case 'triangular':
    case 'pert':
      return `${String(v.dist)} ${[d.min, d.mode, d.max].map((x) => number(x!)).join('-')}`;
    case 'uniform':
      return `uniform ${number(d.min!)}-${number(d.max!)}`;
  }
  return `\`${JSON.stringify(v).replace(/"/g, '').replace(/([:,])/g, '$1 ')}\``;
}

/**
 * The default of a field in words. Under a map, one value per key: `1 / 3 / 5` when the keys are
 * the table's columns (`byKey`), else `scout: haiku, implement: sonnet`.
 */
export function defaultText(pattern: string, byKey = false): string {
  const own = FIELD_DOCS[pattern]?.default;
  if (own !== undefined) return own;
  const found = defaultsAt(pattern);
  if (found.length === 0) return '-';
  if (!pattern.includes('*')) return formatValue(found[0]!.value);
  return found.map(({ keys, value }) => (byKey ? formatValue(value) : `${keys.join('.')}: ${formatValue(value)}`)).join(byKey ? ' / ' : ', ');
}

/** The keys a map's table shows its defaults for (`haiku / sonnet / opus`). */
export function mapKeys(mapPath: string): string[] {
  const found = defaultsAt(mapPath);
  return found.length > 0 && isMapping(found[0]!.value) ? Object.keys(found[0]!.value) : [];
}

const plain = (markdown: string) => markdown.replace(/`/g, '');

/** The hover text of a field: what it does, its unit, default and source. */
export function fieldDescription(pattern: string, doc: FieldDoc): { markdown: string; text: string } {
  const parts = [`${doc.effect.charAt(0).toUpperCase()}${doc.effect.slice(1)}.`, `Unit: ${doc.unit}.`, `Default: ${defaultText(pattern)}.`];
  if (doc.source !== '-') parts.push(`Source: ${doc.source}.`);
  const markdown = parts.join(' ');
  return { markdown, text: plain(markdown) };
}

type JsonNode = Record<string, unknown>;

/** Annotate a JSON Schema node at a path, then its children (properties, map values, list items, union forms). */
function annotate(node: unknown, path: string): void {
  if (!isMapping(node)) return;
  const entry = path ? docFor(path) : undefined;
  if (entry) {
    const { markdown, text } = fieldDescription(entry.pattern, entry.doc);
    Object.assign(node, { description: text, markdownDescription: markdown, 'x-unit': entry.doc.unit });
    const values = defaultsAt(path);
    // A default editors can offer: one value, not an object (a map or a calendar), and not on a
    // form's tag (`kind: stream` has no default of its own).
    if (!path.includes('*') && values.length === 1 && !isMapping(values[0]!.value) && !('const' in node)) node.default = values[0]!.value;
  } else {
    // A group (an object of fields): its own sentence, or its pattern's (`money.build.*`).
    const group = GROUP_DOCS[path] ?? Object.entries(GROUP_DOCS).find(([p]) => p.includes('*') && matchesPattern(path, p))?.[1];
    if (group) node.description = group;
  }
  const join = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, child] of Object.entries(isMapping(node.properties) ? node.properties : {})) annotate(child, join(key));
  if (isMapping(node.additionalProperties)) annotate(node.additionalProperties, join('*'));
  if (isMapping(node.items)) annotate(node.items, `${path}[*]`);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(node[key])) for (const form of node[key] as unknown[]) if (isMapping(form) && !('const' in form)) annotate(form, path);
}

/**
 * A scenario file is partial: it is merged onto the default key by key (./resolve.ts), so no
 * field is required where merging fills it. Kept: a variant's tag (`dist`, `kind`, ...), which
 * tells the forms apart, and everything inside a list's items, since a list replaces the
 * default's whole. Without this an editor flags every partial file.
 */
function relaxRequired(node: unknown): void {
  if (!isMapping(node)) return;
  if (Array.isArray(node.required)) {
    const tags = (node.required as string[]).filter((key) => VARIANT_KEYS.includes(key));
    if (tags.length > 0) node.required = tags;
    else delete node.required;
  }
  for (const child of Object.values(isMapping(node.properties) ? node.properties : {})) relaxRequired(child);
  relaxRequired(node.additionalProperties);
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[key])) for (const form of node[key] as unknown[]) relaxRequired(form);
}

/**
 * The JSON Schema of a scenario file, every field described (`orchsim schema`).
 *
 * @example
 * ```ts
 * import { scenarioJsonSchema } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const schema = scenarioJsonSchema(); // for an editor's completion of scenario files
 * assert.ok('fanout' in schema.properties);
 * ```
 */
export function scenarioJsonSchema(): JsonNode {
  // A copy: the converter may share one object between fields of the same zod schema.
  const schema = structuredClone(
    z.toJSONSchema(scenarioSchema, {
      io: 'input',
      unrepresentable: 'any',
      // A distribution is a refinement in zod (for its messages); editors get its forms.
      override: (ctx) => {
        if ((ctx.zodSchema as unknown) === distSpecSchema) Object.assign(ctx.jsonSchema, { $ref: '#/$defs/distribution' });
      },
    }),
  ) as JsonNode;
  schema.$defs = { ...(isMapping(schema.$defs) ? schema.$defs : {}), distribution: distSpecJsonSchema() };
  annotate(schema, '');
  relaxRequired(schema);
  return { title: 'orchsim scenario', ...schema };
}
