/**
 * The overlay scenario `fit --to` and `calibrate` write: only the fitted fields, nested under their
 * paths, each with a comment saying where it came from and on how many observations. A scenario
 * file is merged onto the default, so `orchsim run overlay.yaml` runs the default with these
 * fields replaced. Numbers are written to 4 significant digits.
 */
import type { SpecForm } from './fit/family.js';

export interface OverlayField {
  /** e.g. ['agents', 'cacheHitShare']. */
  path: string[];
  /** A number, or a distribution in the scenario's form (a fitted one, or a rescaled spec). */
  value: number | SpecForm | Record<string, unknown> | readonly string[];
  /** One line: the source, the method, the number of observations. */
  comment: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const key = (k: string) => (PLAIN_KEY.test(k) ? k : JSON.stringify(k));

/** 4 significant digits, written without exponent for ordinary magnitudes. */
export function roundNumber(x: number): number {
  return Number(x.toPrecision(4));
}

/** The scenario's plain object for a fitted form, e.g. { dist: 'lognormal', median: 12.3, p90: 40 }. */
export function specObject(form: SpecForm): Record<string, string | number> {
  const out: Record<string, string | number> = { dist: form.dist };
  for (const [k, v] of Object.entries(form.values)) out[k] = roundNumber(v);
  return out;
}

const isForm = (v: unknown): v is SpecForm => typeof v === 'object' && v !== null && 'values' in v && 'dist' in v;

/** YAML flow text of a value: `{ dist: lognormal, median: 12.3, p90: 40 }`, numbers rounded. */
export function flowText(value: unknown): string {
  if (typeof value === 'number') return String(roundNumber(value));
  if (isForm(value)) return flowText(specObject(value));
  if (Array.isArray(value)) return `[ ${value.map(flowText).join(', ')} ]`;
  if (typeof value === 'object' && value !== null)
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${key(k)}: ${flowText(v)}`)
      .join(', ')} }`;
  return typeof value === 'string' && PLAIN_KEY.test(value) ? value : JSON.stringify(value);
}

/** `{ dist: lognormal, median: 12.3, p90: 40 }`. */
export function specText(form: SpecForm): string {
  return flowText(form);
}

interface Tree {
  children: Map<string, Tree>;
  field?: OverlayField;
}

/** YAML text: `header` lines as comments, then the fields in the order given, grouped by path. */
export function overlayYaml(header: readonly string[], fields: readonly OverlayField[]): string {
  const root: Tree = { children: new Map() };
  for (const f of fields) {
    let node = root;
    for (const p of f.path) {
      let next = node.children.get(p);
      if (!next) node.children.set(p, (next = { children: new Map() }));
      node = next;
    }
    node.field = f;
  }
  const lines = header.map((h) => `# ${h}`.trimEnd());
  const walk = (node: Tree, depth: number) => {
    for (const [name, child] of node.children) {
      const indent = '  '.repeat(depth);
      if (child.field) {
        const v = child.field.value;
        lines.push(`${indent}# ${child.field.comment.replace(/[\r\n]+/g, ' ')}`);
        lines.push(`${indent}${key(name)}: ${flowText(v)}`);
      } else {
        lines.push(`${indent}${key(name)}:`);
        walk(child, depth + 1);
      }
    }
  };
  walk(root, 0);
  return `${lines.join('\n')}\n`;
}
