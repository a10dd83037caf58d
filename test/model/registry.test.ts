/**
 * The regime and metric registries: every regime's name appears only in its own module and the
 * registry; what a regime declares it reads is what its results depend on; the metric registry
 * is the columns of runs.csv and changes.csv, in order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeColumns, runColumns } from '../../src/experiment/index.js';
import {
  BASELINES,
  CHANGE_METRICS,
  METRICS,
  REGIME_LIST,
  REGIMES,
  regimeNamed,
  regimeReads,
  RUN_METRICS,
  SUMMARY_METRICS,
  type MetricDef,
} from '../../src/model/index.js';
import { model, runOnce } from './helpers.js';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The same words meaning something else: the authors of review.rejectProbability (`agent`,
 * `human`: who wrote the work, not which regime ran) and the scenario path of fan-out's width.
 */
const NOT_REGIMES = [/prsBy|(by|who): 'agent' \| 'human'/, /reject\('human'/, /f\.set\(\['fanout'\]/, /FANOUT_PATH = 'fanout'/];

describe('the regime registry', () => {
  it("names a regime only in that regime's module and the registry", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file).replaceAll('\\', '/');
      const text = readFileSync(file, 'utf8');
      for (const name of REGIMES) {
        if (rel === `model/regimes/${name}.ts` || rel === 'model/regimes/index.ts') continue;
        // A quoted name ('fanout', "single", `human`): a comparison, a switch case, a lookup by name.
        const quoted = new RegExp(`(['"\`])${name}\\1`);
        text.split('\n').forEach((line, i) => {
          // Code only: prose in comments may name regimes.
          const code = /^\s*(\*|\/\*|\/\/)/.test(line) ? '' : line.replace(/\/\/.*$/, '');
          if (quoted.test(code) && !NOT_REGIMES.some((re) => re.test(code))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the scan catches a comparison with a name (the check can fail)', () => {
    const quoted = new RegExp(`(['"\`])fanout\\1`);
    expect(quoted.test("regime === 'fanout' ? n : 1")).toBe(true);
    expect(quoted.test("mode === 'single-change'")).toBe(false);
  });

  it('lists each regime once, with what every consumer needs', () => {
    expect(new Set(REGIMES).size).toBe(REGIMES.length);
    for (const r of REGIME_LIST) {
      expect(regimeNamed(r.name)).toBe(r);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.label({ fanout: 3 })).toContain(r.name);
      expect(['people', 'agents', 'automation']).toContain(r.authoredBy);
      expect(r.reads.length).toBeGreaterThan(0);
    }
    expect(BASELINES.length).toBeGreaterThan(0);
    expect(() => regimeNamed('nobody')).toThrow(/no regime 'nobody'/);
  });

  it('matches scenario paths against what a regime reads', () => {
    const human = regimeNamed(REGIMES[0]);
    expect(regimeReads(human, 'review.linesPerHour')).toBe(true);
    expect(regimeReads(human, 'review')).toBe(true);
    expect(regimeReads(human, 'prices.tiers.sonnet.inputUsdPerMTok')).toBe(false);
    expect(regimeReads({ ...human, reads: ['workload.kinds.*.humanHours'] }, 'workload.kinds.hard.humanHours')).toBe(true);
    expect(regimeReads({ ...human, reads: ['workload.kinds.*.humanHours'] }, 'workload.kinds.hard.sizeLines')).toBe(false);
  });

  it("leaves a regime's results as they are when a path it does not read changes", () => {
    // Paths some regime does not read, each changed to a value that matters to those that do.
    const changes: Array<[string, unknown]> = [
      ['prices.tiers.sonnet.inputUsdPerMTok', { prices: { tiers: { sonnet: { inputUsdPerMTok: 30 } } } }],
      ['fanout', { fanout: 9 }],
      ['orchestration.policy', { orchestration: { policy: 'speculative' } }],
      ['money.build.fanout', { money: { build: { fanout: { oneOffUsd: 1, monthlyUsd: 77 } } } }],
      ['scripted.coverage', { scripted: { coverage: 0.1 } }],
    ];
    const base = model({});
    for (const [path, override] of changes) {
      const changed = model(override);
      let unaffected = 0;
      for (let rep = 0; rep < 8; rep++) {
        const a = runOnce(base, 3, rep).runs;
        const b = runOnce(changed, 3, rep).runs;
        a.forEach((run, i) => {
          if (regimeReads(regimeNamed(run.regime), path)) return;
          unaffected++;
          expect([...b[i]!.values], `${run.regime} under a change of ${path}`).toEqual([...run.values]);
          expect([...b[i]!.tokens]).toEqual([...run.tokens]);
        });
      }
      expect(unaffected, `some regime does not read ${path}`).toBeGreaterThan(0);
    }
  });
});

describe('the metric registry', () => {
  const entries = METRICS as readonly MetricDef[];
  const numeric = (m: MetricDef) => !m.text && !m.perTierAndClass;

  it('is the columns of runs.csv, in order (token columns in place of the token entry)', () => {
    const tiers = ['a', 'b'];
    const expected = entries
      .filter((m) => m.level !== 'change')
      .flatMap((m) => (m.perTierAndClass ? tiers.flatMap((t) => ['input', 'cache_read', 'cache_write', 'output'].map((c) => `tokens_${t}_${c}`)) : [m.column]));
    expect(runColumns(tiers).map((c) => c.name)).toEqual(expected);
    expect(RUN_METRICS.map((m) => m.column)).toEqual(entries.filter((m) => m.level !== 'change' && numeric(m)).map((m) => m.column));
  });

  it('is the columns of changes.csv, in order, the text column in its place', () => {
    const { before, after } = changeColumns([]);
    const names = [...before.map((c) => c.name), 'abandon_reason', ...after.map((c) => c.name)];
    expect(names).toEqual(entries.filter((m) => m.level !== 'replication' && !m.perTierAndClass).map((m) => m.column));
    expect(CHANGE_METRICS.every(numeric)).toBe(true);
  });

  it('gives every file distinct columns and summary.csv a distinct order', () => {
    for (const level of ['change', 'replication'] as const) {
      const cols = entries.filter((m) => m.level === level || m.level === 'both').map((m) => m.column);
      expect(new Set(cols).size).toBe(cols.length);
    }
    const ranks = entries.filter((m) => m.summary !== undefined).map((m) => m.summary);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(SUMMARY_METRICS.length).toBe(ranks.length);
    // A summarised metric is a runs.csv column.
    for (const m of SUMMARY_METRICS) expect(runColumns([]).map((c) => c.name)).toContain(m);
  });

  it('reduces a replication as its aggregates say (one change: the change itself)', () => {
    const out = runOnce(model({}), 11, 0);
    out.runs.forEach((run, i) => {
      const rec = out.changes![i]![0]!;
      expect(run.changes).toBe(1);
      expect(run.merged).toBe(rec.merged);
      expect(run.reviewHours).toBe(rec.reviewHours);
      expect(run.totalUsd).toBe(rec.totalUsd);
      expect(run.wallClockHours).toBe(rec.merged ? rec.wallClockHours : Number.NaN);
      expect(run.mergeRate).toBe(rec.merged);
      expect(run.costPerMergedUsd).toBe(rec.merged ? rec.totalUsd : Number.NaN);
      expect(run.totalTokens).toBeCloseTo(rec.totalTokens, 6);
    });
  });
});
