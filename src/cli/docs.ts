/**
 * `npm run docs`: regenerate docs/model.md's parameter tables from the field documentation
 * (src/model/scenario/fieldDocs.ts), so that the page and `orchsim schema` say the same, and
 * every figure the README, docs/presets.md and docs/model.md quote from results/ (between
 * `<!-- fig ... -->` markers: ../output/docFigures.ts). `npm run results` does the latter too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocFigureError, fillDocFigures, updateParameterTables, type ResultsFolder } from '../output/index.js';
import { parseSummaryCsv } from '../output/report/load.js';
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

/** The pages whose figures come from results/, relative to the package root. */
export const FIGURE_DOCS = ['README.md', 'docs/presets.md', 'docs/model.md'] as const;

/** A reader of results/ folders (summary.csv and meta.json's points), each read once. */
export function resultsReader(resultsDir = join(packageRoot(), 'results')): (name: string) => ResultsFolder {
  const cache = new Map<string, ResultsFolder>();
  return (name) => {
    let folder = cache.get(name);
    if (!folder) {
      const dir = join(resultsDir, name);
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { points: ResultsFolder['points'] };
      cache.set(name, (folder = { rows: parseSummaryCsv(readFileSync(join(dir, 'summary.csv'), 'utf8')), points: meta.points }));
    }
    return folder;
  };
}

/** Rewrite the figures of FIGURE_DOCS from results/; the pages that changed. */
export function regenerateDocFigures(root = packageRoot()): string[] {
  const folderOf = resultsReader(join(root, 'results'));
  const changed: string[] = [];
  for (const page of FIGURE_DOCS) {
    const file = join(root, page);
    const before = readFileSync(file, 'utf8');
    const after = fillDocFigures(before, folderOf);
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(page);
    }
  }
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(regenerateModelDoc() ? `rewrote ${MODEL_DOC()}\n` : `${MODEL_DOC()} is up to date\n`);
  let figures: string[];
  try {
    figures = regenerateDocFigures();
  } catch (err) {
    // A marker naming no figure of results/: say which, without a stack.
    if (!(err instanceof DocFigureError)) throw err;
    process.stderr.write(`npm run docs: ${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write(figures.length ? `figures from results/ rewritten in ${figures.join(', ')}\n` : 'the figures from results/ are up to date\n');
}
