/**
 * The fields of the scenario schema, as paths: dotted keys, `*` for a key of a map (a tier, a
 * kind) and `[*]` for an item of a list of records. A leaf is a value a user sets: a number, a
 * word, a list of words, a distribution. The forms of a union share their paths (`mode.kind`,
 * `mode.arrivalHour`, `mode.arrivals.rate`), and a union of a word and a record (working hours:
 * `always` or `{ startHour, ... }`) is a leaf and has leaves.
 */
import type { z } from 'zod';
import { distSpecSchema } from '../../random/index.js';
import { scenarioSchema } from './schema.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers that change nothing about the fields (optional, default, ...). */
const WRAPPERS: ReadonlySet<string> = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional', 'catch']);

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let def = defOf(s); WRAPPERS.has(def.type) || def.type === 'pipe'; def = defOf(s)) s = def.type === 'pipe' ? def.in! : def.innerType!;
  return s;
}

function walk(schema: z.ZodType, path: string, out: Set<string>): void {
  const s = unwrap(schema);
  if (s === distSpecSchema) {
    out.add(path);
    return;
  }
  const def = defOf(s);
  const join = (key: string) => (path ? `${path}.${key}` : key);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape!)) walk(child, join(key), out);
      return;
    case 'record':
      walk(def.valueType!, join('*'), out);
      return;
    case 'array': {
      const element = unwrap(def.element!);
      if (defOf(element).type === 'object') walk(element, `${path}[*]`, out);
      else out.add(path);
      return;
    }
    case 'union':
      // A union with a form that is not a record is set as a whole too.
      if (def.options!.some((o) => defOf(unwrap(o)).type !== 'object')) out.add(path);
      for (const option of def.options!) if (defOf(unwrap(option)).type === 'object') walk(option, path, out);
      return;
    default:
      out.add(path);
  }
}

/** Every leaf of a schema (the scenario's unless given), in the schema's order. */
export function leafPaths(schema: z.ZodType = scenarioSchema): string[] {
  const out = new Set<string>();
  walk(schema, '', out);
  return [...out];
}

/** Does a concrete or pattern path fall under a pattern (`*` matches one key, `[*]` one index)? */
export function matchesPattern(path: string, pattern: string): boolean {
  const split = (p: string) => p.replace(/\[(\*|\d+)\]/g, '.[*]').split('.');
  const a = split(path);
  const b = split(pattern);
  return a.length === b.length && a.every((seg, i) => b[i] === seg || b[i] === '*' || (b[i] === '[*]' && seg === '[*]'));
}
