/**
 * Every figure the docs quote from results/ sits between `fig` markers and is the one results/
 * holds (`npm run docs` rewrites them; `npm run results` too, after regenerating): a figure that
 * drifts from results/ fails here. The parts of docs/presets.md that are all results (the answers
 * table, the team, the outcome view) quote no money or percentage outside a marker.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURE_DOCS, resultsReader } from '../../src/cli/docs.js';
import { DocFigureError, docFigure, docFigureMarkers, fillDocFigures } from '../../src/output/index.js';
import { HOURS_PER_MONTH } from '../../src/model/index.js';
import { parseCsv } from './helpers.js';

const PACKAGE_ROOT = resolve(import.meta.dirname, '../..');
const folderOf = resultsReader(join(PACKAGE_ROOT, 'results'));
const page = (file: string) => readFileSync(join(PACKAGE_ROOT, file), 'utf8');
const strip = (text: string) => text.replace(/<!-- fig [^>]*?-->[\s\S]*?<!-- \/fig -->/g, 'FIG');

describe('figures in the docs', () => {
  it.each(FIGURE_DOCS)('%s: every marked figure is the one results/ holds (else: npm run docs)', (file) => {
    const text = page(file);
    const filled = fillDocFigures(text, folderOf);
    const drifted = docFigureMarkers(text)
      .map((m, i) => ({ ...m, now: docFigureMarkers(filled)[i]!.text }))
      .filter((m) => m.text !== m.now)
      .map((m) => `${m.query}: the page says ${m.text}, results/ ${m.now}`);
    expect(drifted, `${file} differs from results/: run npm run docs`).toEqual([]);
  });

  it("docs/presets.md's answers table, every preset's answer, its team and its outcome view quote results/ only", () => {
    const text = page('docs/presets.md');
    expect(docFigureMarkers(text).length).toBeGreaterThan(80);
    // The answers table's last column (its question column holds inputs: 10,000 a month, 5%...).
    const answers = text
      .split('\n')
      .filter((l) => /^\| `[a-z-]+` \|/.test(l) && l.split('|').length === 5)
      .map((l) => l.split('|')[3]!);
    const team = text.slice(text.indexOf('**Model\'s answer** (results/team'), text.indexOf('## The outcome view'));
    // The outcome view's prose and tables, but not its preset headers' inputs.
    const outcome = text.slice(text.indexOf('## The outcome view'));
    expect(answers.length).toBe(12); // every preset's row but model-routing's (three files, no figure)
    // Every preset's "Model's answer" paragraph, up to the next blank line.
    const paragraphs = text.split(/\n\n/).filter((p) => p.startsWith("**Model's answer**") || p.startsWith('**The cost win'));
    expect(paragraphs.length).toBe(10); // nine presets' answers (the outcome view has its table) and test-backfill's cost win
    for (const part of [...answers, team, outcome, ...paragraphs]) {
      // Inputs, not results: the value of waiting, an incident's loss and its source, the refund
      // workflow's oracle, the dependent chain's test threshold.
      const inputs = /\$(25|0)\/h|\$50,000|\$5,600 a minute|10,000 x 5% x 10 min|5% or more below/g;
      const bare = strip(part).replace(inputs, '').match(/\$\d[\d,.]*|[+-]?\d+(\.\d+)?%/g) ?? [];
      expect(bare, part.slice(0, 120)).toEqual([]);
    }
  });

  it("a marker's query names a folder, point, regime, metric, statistic and format of results/, or says what is wrong", () => {
    expect(docFigure('team single merged_per_month dist.mean num', folderOf)).toMatch(/^\d+$/);
    expect(docFigure('default@fanout=4 fanout:single total_tokens dist.mean times', folderOf)).toMatch(/^\d\.\d$/);
    const wrong = (q: string) => {
      try {
        docFigure(q, folderOf);
      } catch (err) {
        return err instanceof DocFigureError ? err.message : `not a DocFigureError: ${String(err)}`;
      }
      return 'no error';
    };
    expect(wrong('default@fanout=99 fanout single wall_clock_hours paired.relativePct pct')).toMatch(/give FOLDER/);
    expect(wrong('default@fanout=99 fanout/single wall_clock_hours paired.relativePct pct')).toMatch(/no sweep point fanout=99/);
    expect(wrong('team single no_such_metric dist.mean num')).toMatch(/has no distribution row of no_such_metric/);
    expect(wrong('team single merged dist.mean dollars')).toMatch(/FORMAT is one of/);
  });

  it("the team's merged per month in results/ is its runs.csv's merged / the horizon in months (the same source the docs quote)", () => {
    const [header, ...rows] = parseCsv(readFileSync(join(PACKAGE_ROOT, 'results', 'team', 'runs.csv'), 'utf8'));
    const at = (c: string) => header!.indexOf(c);
    const horizonMonths = (28 * 24) / HOURS_PER_MONTH;
    for (const r of rows) expect(Number(r[at('merged_per_month')])).toBeCloseTo(Number(r[at('merged')]) / horizonMonths, 3);
    const single = rows.filter((r) => r[at('regime')] === 'single').map((r) => Number(r[at('merged_per_month')]));
    const mean = single.reduce((s, x) => s + x, 0) / single.length;
    expect(docFigure('team single merged_per_month dist.mean num', folderOf)).toBe(Math.round(mean).toString());
  });
});
