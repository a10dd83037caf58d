/**
 * The reports of each kind of output (run, sweep, two-parameter stream sweep, stream run, trace):
 * the files, the specs against the Vega-Lite JSON schema, byte-for-byte determinism, no network
 * reference; then each page in headless Chromium (Debian's chromium, driven by playwright-core):
 * no console error, no request but the page itself, every expected chart drawn with marks, a
 * screenshot in results/report-screenshots/, and at 1280 and 1920 px nothing wider than the page,
 * no chart text outside its chart and no label truncated.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportOf, writeTraceReport, type ReportResult } from '../../src/output/report/index.js';
import { ROOT } from '../cli/helpers.js';
import { makeFixtures, removeFixtures, type Fixtures } from './helpers.js';
import { CHROMIUM, requireTool } from '../support/systemTools.js';

const RUN_CHARTS = ['wall-clock-ecdf', 'cost-per-merged-ecdf', 'cost-terms', 'tokens', 'merge-rate'];
const SWEEP_CHARTS = ['sweep-wall-clock-hours', 'sweep-cost-per-merged-usd', 'sweep-merge-rate', 'sweep-total-tokens'];
const EXPECTED: Record<'run' | 'sweep' | 'grid' | 'stream' | 'trace' | 'volume' | 'tornado' | 'morris' | 'sobol' | 'breakeven' | 'robustness' | 'calibrated', string[]> = {
  run: RUN_CHARTS,
  sweep: SWEEP_CHARTS,
  grid: [...SWEEP_CHARTS, 'sweep-merged-per-month', 'sweep-lead-time-hours', 'sweep-review-wait-hours', 'sweep-reviewer-utilisation', 'heatmap-wall-clock-hours', 'heatmap-cost-per-merged-usd', 'sweep-utilisation'],
  stream: [...RUN_CHARTS, 'throughput', 'utilisation', 'review-load', 'open-changes', 'review-queue'],
  trace: ['gantt'],
  volume: ['outcome-volume', ...SWEEP_CHARTS],
  tornado: ['tornado'],
  morris: ['morris'],
  sobol: ['sobol'],
  breakeven: ['breakeven'],
  robustness: ['probability-best', 'evppi', 'flip-region'],
  // a run of calibrate's overlay: the observed ECDFs against the simulated ones
  calibrated: [...RUN_CHARTS.slice(0, 2), 'observed-vs-simulated', ...RUN_CHARTS.slice(2)],
};
type Kind = keyof typeof EXPECTED;
const KINDS = Object.keys(EXPECTED) as Kind[];

let fixtures: Fixtures | undefined;
const results = new Map<Kind, ReportResult>();
const pageOf = (kind: Kind) => results.get(kind)!.file;

async function report(kind: Kind): Promise<ReportResult> {
  const f = fixtures!;
  return kind === 'trace' ? writeTraceReport(f.trace) : writeReportOf(f[kind]);
}

beforeAll(async () => {
  fixtures = makeFixtures();
  for (const kind of KINDS) results.set(kind, await report(kind));
}, 400_000); // a dozen small outputs through the CLI: a minute, several on a loaded machine
afterAll(() => removeFixtures(fixtures));

describe('report files', () => {
  it.each(KINDS)('%s: draws every expected chart, writes its spec, and no vega-lite warning', (kind) => {
    const r = results.get(kind)!;
    expect(r.charts).toEqual(EXPECTED[kind]);
    expect(r.notes).toEqual([]);
    expect(r.warnings).toEqual([]);
    for (const spec of r.specs) expect(existsSync(spec)).toBe(true);
    expect(r.specs).toHaveLength(EXPECTED[kind].length);
  });

  it('every *.vl.json validates against the Vega-Lite schema shipped with vega-lite', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    let checked = 0;
    for (const r of results.values())
      for (const file of r.specs) {
        const ok = validate(JSON.parse(readFileSync(file, 'utf8')));
        expect(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        checked++;
      }
    expect(checked).toBe(KINDS.reduce((a, k) => a + EXPECTED[k].length, 0));
  });

  it.each(KINDS)('%s: the same files give the same report, byte for byte', async (kind) => {
    const before = readFileSync(pageOf(kind));
    const specs = results.get(kind)!.specs.map((f) => readFileSync(f));
    const again = await report(kind);
    expect(readFileSync(again.file).equals(before)).toBe(true);
    again.specs.forEach((f, i) => expect(readFileSync(f).equals(specs[i]!)).toBe(true));
  });

  it.each(['run', 'grid', 'stream'] as const)('%s: an older output without distributions.csv gives the same report from runs.csv', async (kind) => {
    const file = join(fixtures![kind], 'distributions.csv');
    const before = readFileSync(pageOf(kind));
    const kept = readFileSync(file);
    rmSync(file);
    try {
      const again = await report(kind);
      expect(readFileSync(again.file).equals(before)).toBe(true);
    } finally {
      writeFileSync(file, kept);
    }
  });

  it('sweep: a regime the swept path does not reach (human, single over fanout) has one summary row, at every point', () => {
    const html = readFileSync(pageOf('sweep'), 'utf8');
    const summary = html.slice(html.indexOf('<h2>Summary</h2>'), html.indexOf('</table>', html.indexOf('<h2>Summary</h2>')));
    const regimeCells = [...summary.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(regimeCells.filter((c) => c.endsWith(' human'))).toEqual(['every point human']);
    expect(regimeCells.filter((c) => c.endsWith(' single'))).toEqual(['every point single']);
    expect(regimeCells.filter((c) => c.includes('fanout N='))).toHaveLength(4);
  });

  it('grid: a sweep over fanout=1,2,4,8 x review.reviewers=2,4 (reviewers varied first) draws fan-out on the x-axis, reviewers as panels', () => {
    const r = results.get('grid')!;
    for (const id of r.charts.filter((c) => c.startsWith('sweep-') && c !== 'sweep-utilisation')) {
      type Column = { field: string; sort: string[] };
      const spec = JSON.parse(readFileSync(join(fixtures!.grid, `${id}.vl.json`), 'utf8')) as { facet: Column | { column: Column }; spec: { layer: { encoding: { x: { field: string; title: string } } }[] } };
      for (const layer of spec.spec.layer) expect(layer.encoding.x, id).toMatchObject({ field: 'x', title: 'fanout' });
      // The panels: a facet's column (with rows of regime groups) or the wrapped facet itself.
      const column = 'column' in spec.facet ? spec.facet.column : spec.facet;
      expect(column, id).toMatchObject({ field: 'panel', sort: ['review.reviewers = 2', 'review.reviewers = 4'] });
    }
    for (const id of ['heatmap-wall-clock-hours', 'heatmap-cost-per-merged-usd']) {
      const spec = JSON.parse(readFileSync(join(fixtures!.grid, `${id}.vl.json`), 'utf8')) as { spec: { encoding: { x: { title: string }; y: { title: string } } } };
      expect(spec.spec.encoding.x.title).toBe('fanout');
      expect(spec.spec.encoding.y.title).toBe('review.reviewers');
    }
  });

  it.each(KINDS)('%s: no label cut short (no ellipsis) and no axis whose tick labels repeat or put an SI suffix on money', (kind) => {
    const html = readFileSync(pageOf(kind), 'utf8');
    const texts = [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => t.includes('\u2026'))).toEqual([]);
    const axes = [...html.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((m) => [...m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));
    expect(axes.length).toBeGreaterThan(0);
    for (const labels of axes) {
      // Gantt time labels repeat by design only if two ticks fall in one minute; none here.
      expect(new Set(labels).size, `repeated ticks: ${labels.join(' ')}`).toBe(labels.length);
      for (const l of labels) expect(l, 'money with an SI suffix').not.toMatch(/\$[\d.,]+[mkµMGT]$/);
    }
  });

  it('stream: the utilisation chart marks one bottleneck per regime, the busiest resource; the grid marks one per point and regime', () => {
    type Row = { regime: string; busy: number; bottleneck: boolean };
    const rows = (JSON.parse(readFileSync(join(fixtures!.stream, 'utilisation.vl.json'), 'utf8')) as { data: { values: Row[] } }).data.values;
    for (const regime of new Set(rows.map((r) => r.regime))) {
      const mine = rows.filter((r) => r.regime === regime);
      expect(mine.filter((r) => r.bottleneck)).toHaveLength(1);
      expect(mine.find((r) => r.bottleneck)!.busy).toBe(Math.max(...mine.map((r) => r.busy)));
    }
    const grid = (JSON.parse(readFileSync(join(fixtures!.grid, 'sweep-utilisation.vl.json'), 'utf8')) as { data: { values: (Row & { x: number })[] } }).data.values;
    const keys = new Set(grid.map((r) => `${r.regime}|${r.x}`));
    expect(grid.filter((r) => r.bottleneck)).toHaveLength(keys.size);
  });

  it("stream: the summary has the team's throughput, utilisations and bottleneck; a one-change run has none", () => {
    const html = readFileSync(pageOf('stream'), 'utf8');
    expect(html).toMatch(/<h3>a team&#39;s throughput over \d+ days|<h3>a team's throughput over \d+ days/);
    expect(html).toMatch(/<th>merged\/month \[95% CI\]<\/th><th>lead time h<\/th><th>work in progress<\/th><th>reviewers busy<\/th>/);
    expect(readFileSync(pageOf('run'), 'utf8')).not.toContain('merged/month');
  });

  it.each(KINDS)('%s: refers to nothing outside the file (no URL but the SVG namespaces)', (kind) => {
    const html = readFileSync(pageOf(kind), 'utf8');
    const urls = new Set(html.match(/[a-z][a-z0-9+.-]*:\/\/[^"'\s)<>]*/gi) ?? []);
    for (const u of urls) expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']).toContain(u);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
  });
});

/** Chromium: Debian's package. Outside CI a machine without it skips; in CI that is a failure. */
const CHROMIUM_PATH = requireTool(CHROMIUM);
const haveChromium = CHROMIUM_PATH !== null;

describe.skipIf(!haveChromium)('in a real browser (headless Chromium)', () => {
  const shots = join(ROOT, 'results', 'report-screenshots');

  // One browser for every page (launching Chromium takes seconds on a loaded machine); a fresh page each.
  let context: import('playwright-core').BrowserContext | undefined;
  let profile: string | undefined;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'orchsim-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.each(KINDS)('%s: opens with no console error and no request, every chart drawn with marks', async (kind) => {
    const page = await context!.newPage();
    try {
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(pageOf(kind)).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      const drawn = await page.$$eval('figure[data-chart]', (figures) =>
        figures.map((f) => ({ id: f.getAttribute('data-chart'), marks: f.querySelectorAll('svg .role-mark > *').length, width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0 })),
      );
      expect(drawn.map((d) => d.id)).toEqual(EXPECTED[kind]);
      for (const d of drawn) {
        expect(d.marks, `${d.id} has no marks`).toBeGreaterThan(0);
        expect(d.width, `${d.id} is not laid out`).toBeGreaterThan(100);
      }
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `${kind}.png`), fullPage: true });
      // Nothing clipped at a laptop's width and a desktop's: the page never scrolls sideways (a wide
      // table scrolls inside its own box), every chart fits its column, and every text of a chart
      // lies inside its SVG (where it would be cut off) and is not truncated by Vega's label limits.
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        // Run in the page (a string: the test's TypeScript has no DOM types).
        const layout = (await page.evaluate(`(() => {
          const root = document.documentElement;
          const main = document.querySelector('main').getBoundingClientRect();
          const wide = [...document.querySelectorAll('main > *, figure, figure svg, figcaption, .table-wrap')]
            .filter((e) => e.getBoundingClientRect().right > main.right + 0.5)
            .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
          const outside = [];
          const cut = [];
          for (const svg of document.querySelectorAll('figure svg')) {
            const box = svg.getBoundingClientRect();
            for (const text of svg.querySelectorAll('text')) {
              const r = text.getBoundingClientRect();
              if (r.width === 0) continue;
              if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) outside.push(text.textContent);
              if (text.textContent.includes('\\u2026')) cut.push(text.textContent);
            }
          }
          // An axis title no longer than its axis (a longer one leaves a gap beside a short plot).
          const long = [];
          for (const axis of document.querySelectorAll('figure svg g.role-axis')) {
            const domain = axis.querySelector('.role-axis-domain');
            const title = axis.querySelector('.role-axis-title text');
            if (!domain || !title) continue;
            const d = domain.getBoundingClientRect();
            const t = title.getBoundingClientRect();
            const vertical = t.height > t.width;
            if ((vertical ? t.height - d.height : t.width - d.width) > 2) long.push(title.textContent);
          }
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, outside, cut, long };
        })()`)) as { scrollWidth: number; clientWidth: number; wide: string[]; outside: string[]; cut: string[]; long: string[] };
        expect(layout.scrollWidth, `${kind} at ${width} px scrolls sideways`).toBeLessThanOrEqual(layout.clientWidth);
        expect(layout.wide, `${kind} at ${width} px: wider than the page's column`).toEqual([]);
        expect(layout.outside, `${kind} at ${width} px: text outside its chart`).toEqual([]);
        expect(layout.cut, `${kind} at ${width} px: truncated labels`).toEqual([]);
        expect(layout.long, `${kind} at ${width} px: axis titles longer than their axes`).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});

it('leaves no temporary file beside the reports', () => {
  for (const kind of ['run', 'sweep', 'stream', 'volume', 'tornado', 'breakeven'] as const) expect(readdirSync(fixtures![kind]).filter((f) => f.startsWith('.tmp'))).toEqual([]);
});
