/**
 * `npm run docs`: regenerate docs/model.md's parameter tables from the field documentation
 * (src/model/scenario/fieldDocs.ts), so that the page and `orchsim schema` say the same.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateParameterTables } from '../output/index.js';
import { packageRoot } from '../app/paths.js';

/** The model page of the package. */
export const MODEL_DOC = (): string => join(packageRoot(), 'docs', 'model.md');

/** Rewrite the page's tables; says whether anything changed. */
export function regenerateModelDoc(file = MODEL_DOC()): boolean {
  const before = readFileSync(file, 'utf8');
  const after = updateParameterTables(before);
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.stdout.write(regenerateModelDoc() ? `rewrote ${MODEL_DOC()}\n` : `${MODEL_DOC()} is up to date\n`);
