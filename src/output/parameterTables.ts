/**
 * docs/model.md's parameter tables, generated from the field documentation
 * (../model/scenario/fieldDocs.ts) and the embedded default scenario. Each table sits between
 * `<!-- parameters: <id> -->` and `<!-- /parameters -->`; `npm run docs` rewrites them, and a test
 * fails when the page and the code differ.
 */
import { defaultText, FIELD_DOCS, mapKeys } from '../model/index.js';
import { REGIME_LIST, type RegimeDefinition } from '../model/index.js';
import { DIST_FIELD_DOCS } from '../random/index.js';

export interface ParameterTable {
  /** The marker's id. */
  id: string;
  /** Fields under this prefix go in this table (the longest matching prefix wins). */
  prefix: string;
  /** A map whose keys are the default column's columns (`haiku / sonnet / opus`). */
  map?: string;
}

export const PARAMETER_TABLES: readonly ParameterTable[] = [
  { id: 'top', prefix: '' },
  { id: 'mode', prefix: 'mode.' },
  { id: 'prices', prefix: 'prices.' },
  { id: 'tiers', prefix: 'prices.tiers.*.', map: 'prices.tiers' },
  { id: 'routing', prefix: 'routing.' },
  { id: 'graph', prefix: 'workload.graph.' },
  { id: 'kinds', prefix: 'workload.kinds.*.', map: 'workload.kinds' },
  { id: 'agents', prefix: 'agents.' },
  { id: 'orchestration', prefix: 'orchestration.' },
  { id: 'failure', prefix: 'failure.' },
  { id: 'review', prefix: 'review.' },
  // A regime's own block of settings (the scripted regime's): one table each, from the registry.
  ...REGIME_LIST.flatMap((r: RegimeDefinition) =>
    r.setting && typeof r.setting.default === 'object' ? [{ id: r.setting.key, prefix: `${r.setting.key}.` }] : [],
  ),
  { id: 'people', prefix: 'people.' },
  { id: 'money', prefix: 'money.' },
  { id: 'decision', prefix: 'decision.' },
  { id: 'sensitivity', prefix: 'sensitivity.' },
  { id: 'uncertainty', prefix: 'uncertainty.' },
  { id: 'calibration', prefix: 'calibration.' },
];

/** The table a documented field belongs to. */
export function tableOf(pattern: string): ParameterTable {
  return PARAMETER_TABLES.filter((t) => pattern.startsWith(t.prefix) && (t.prefix !== '' || !pattern.includes('.'))).sort((a, b) => b.prefix.length - a.prefix.length)[0]!;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** One table, as markdown. */
export function renderParameterTable(table: ParameterTable): string {
  const keys = table.map ? mapKeys(table.map) : [];
  const defaultHeader = keys.length > 0 ? keys.join(' / ') : 'default';
  const rows = Object.entries(FIELD_DOCS)
    .filter(([pattern]) => tableOf(pattern) === table)
    .map(([pattern, doc]) =>
      [`\`${pattern.slice(table.prefix.length)}\``, doc.unit, defaultText(pattern, keys.length > 0), doc.source, doc.effect].map(cell).join(' | '),
    );
  return [`| parameter | unit | ${defaultHeader} | source | effect |`, '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n');
}

const BLOCK = /(<!-- parameters: ([a-z]+) -->\n)[\s\S]*?(\n<!-- \/parameters -->)/g;

/** The fields of the `{ dist: ... }` forms (../random/spec.ts's DIST_FIELD_DOCS, also the JSON Schema's hover text). */
export function renderDistributionFields(): string {
  return ['| field | meaning |', '| --- | --- |', ...Object.entries(DIST_FIELD_DOCS).map(([field, text]) => `| \`${field}\` | ${cell(text)} |`)].join('\n');
}

const DIST_BLOCK = /(<!-- distribution-fields -->\n)[\s\S]*?(\n<!-- \/distribution-fields -->)/g;

/** The page with every marked table regenerated (an unknown id is an error), the distribution fields' too. */
export function updateParameterTables(markdown: string): string {
  return markdown.replace(DIST_BLOCK, (_all, open: string, close: string) => `${open}${renderDistributionFields()}${close}`).replace(BLOCK, (_all, open: string, id: string, close: string) => {
    const table = PARAMETER_TABLES.find((t) => t.id === id);
    if (!table) throw new Error(`docs: no parameter table '${id}' (known: ${PARAMETER_TABLES.map((t) => t.id).join(', ')})`);
    return `${open}${renderParameterTable(table)}${close}`;
  });
}

/** The ids of the tables a page marks, in order. */
export function markedTables(markdown: string): string[] {
  return [...markdown.matchAll(BLOCK)].map((m) => m[2]!);
}
