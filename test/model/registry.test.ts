/**
 * The regime and metric registries: every regime's name appears only in its own module and the
 * registry, quoted or as an identifier (the survivors listed, each with its reason); what a regime
 * declares it reads is what its results depend on; its luck purposes are its own; the metric
 * registry is the columns of runs.csv and changes.csv, in order.
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
  regimeSettingNotes,
  resolveScenario,
  RUN_METRICS,
  SUMMARY_METRICS,
  type MetricDef,
  type RegimeDefinition,
} from '../../src/model/index.js';
import { FIRST_REGIME_PURPOSE } from '../../src/model/luck.js';
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
const NOT_REGIMES = [/prsBy|(by|who): 'agent' \| 'human'/, /reject\('human'/, /f\.set\(\['fanout'\]/];

/**
 * A file's code with comments and the text of string and template literals blanked (a template's
 * `${...}` expressions kept), line breaks kept: what the identifier scan reads.
 */
export function codeOnly(text: string): string {
  let out = '';
  let state: 'code' | 'line' | 'block' | "'" | '"' | 'template' = 'code';
  // Brace depths at which a template's `${` opened: its `}` goes back into the template.
  const templates: number[] = [];
  let depth = 0;
  const blank = (c: string) => (c === '\n' ? '\n' : ' ');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (state === 'code') {
      if (c === '/' && next === '/') state = 'line';
      else if (c === '/' && next === '*') state = 'block';
      else if (c === "'" || c === '"') state = c;
      else if (c === '`') state = 'template';
      else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        state = 'template';
      } else {
        if (c === '{') depth++;
        else if (c === '}') depth--;
        out += c;
        continue;
      }
      out += ' ';
    } else if (state === 'line') {
      if (c === '\n') state = 'code';
      out += blank(c);
    } else if (state === 'block') {
      if (c === '*' && next === '/') {
        state = 'code';
        out += '  ';
        i++;
      } else out += blank(c);
    } else if (c === '\\') {
      out += `${blank(c)}${blank(next ?? '')}`;
      i++;
    } else if (state === 'template' && c === '$' && next === '{') {
      templates.push(depth);
      state = 'code';
      out += '  ';
      i++;
    } else {
      if ((state === 'template' && c === '`') || c === state) state = 'code';
      out += blank(c);
    }
  }
  return out;
}

/** The lower-case words of an identifier: `scriptedFlow` -> scripted, flow; `FANOUT_PATH` -> fanout, path. */
const wordsOf = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[ _]+/);

/**
 * Identifiers outside src/model/regimes with a regime's name as one of their words, that are not
 * that regime's knowledge (or are, and cannot move): file (a pattern over the path under src/),
 * identifier, and why.
 */
const IDENTIFIER_SURVIVORS: ReadonlyArray<{ file: RegExp; id: RegExp; why: string }> = [
  // The first that matches is used: specific entries first.
  { file: /^model\/(flow\/changeFlow|scenario\/(defaults|schema))\.ts$/, id: /^human$/, why: 'review.rejectProbability.human: who authored the work (agents or people), not which regime ran' },
  { file: /^model\//, id: /^(humanHours|subtaskHumanHours|humanDefect|humanDefectProbability|X_HUMAN_DEFECT)$/, why: "a person's working time and defects: every regime's takeovers and manual fallbacks read them, not only the human regime" },
  { file: /^output\/trace\.ts$/, id: /^human_work$/, why: "a trace step's name (a person's manual work, in any regime), mapped to its lane" },
  { file: /^model\/(singleShot|change|flow\/agentFlow)\.ts$/, id: /^(singleShot|singleShotTokens)$/, why: 'a single-shot answer (the published premiums\' baseline), not the single regime' },
  { file: /^calibrate\/read\/ccusage\.ts$/, id: /^single$/, why: 'a local: the one model a usage row names' },
  { file: /^model\/(scenario\/(defaults|schema)|flow\/(agentFlow|session))\.ts$/, id: /^(singlePlans|singleConsolidates|singleSessionCarryCapTokens)$/, why: "fields under orchestration and agents that the agents' flow reads (the one-session path, keepsOneSession); the single regime's module passes them in createFlow" },
  { file: /^model\/flow\/(humanFlow|scriptedFlow)\.ts$/, id: /^(HumanFlow|ScriptedFlow|scripted)$/, why: "a regime's flow class lives with the shared flow machinery in model/flow and reads its own setting; only its regime module constructs it" },
  { file: /^app\/(experiment|meta)\.ts$|^output\/report\/load\.ts$/, id: /^fanout$/, why: "meta.json's points[].fanout: a field of a file users and merge read, kept as written (labels come from the point's scenario)" },
  // Last: the files above come first.
  { file: /^(app|output)\//, id: /^human$/, why: 'the number formatter human() of output/readable.ts ("for people to read") and its callers, not the regime' },
];

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

  it("names a regime in no identifier outside the regime modules, but for the listed survivors", () => {
    const offenders: string[] = [];
    const used = new Set<number>();
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file).replaceAll('\\', '/');
      if (rel.startsWith('model/regimes/')) continue;
      codeOnly(readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((code, i) => {
          for (const id of code.match(/[A-Za-z_$][\w$]*/g) ?? []) {
            if (!wordsOf(id).some((w) => (REGIMES as readonly string[]).includes(w))) continue;
            const s = IDENTIFIER_SURVIVORS.findIndex((x) => x.file.test(rel) && x.id.test(id));
            if (s >= 0) used.add(s);
            else offenders.push(`${rel}:${i + 1}: ${id}`);
          }
        });
    }
    expect(offenders).toEqual([]);
    // A survivor nobody needs any more goes from the list.
    expect(IDENTIFIER_SURVIVORS.filter((_, s) => !used.has(s)).map((x) => x.why)).toEqual([]);
  });

  it('the identifier scan reads code, not prose or text, and catches a property named after a regime', () => {
    const code = codeOnly("const n = p.fanout; // fanout\nconst t = `fanout ${scenario.scripted.coverage} single`; /* human */ const s = 'single';\n");
    const ids = code.match(/[A-Za-z_$][\w$]*/g)!;
    expect(ids).toContain('fanout');
    expect(ids).toContain('scripted');
    expect(ids.filter((x) => x === 'fanout')).toHaveLength(1);
    expect(ids).not.toContain('single');
    expect(ids).not.toContain('human');
    expect(code.split('\n')).toHaveLength(3);
    expect(wordsOf('FANOUT_PATH')).toContain('fanout');
    expect(wordsOf('isScriptedRun')).toContain('scripted');
  });

  it("gives each regime's own luck purposes to no other", () => {
    const purposes = REGIME_LIST.flatMap((r) => (r as RegimeDefinition).luckPurposes ?? []);
    expect(new Set(purposes).size).toBe(purposes.length);
    for (const p of purposes) expect(p).toBeGreaterThanOrEqual(FIRST_REGIME_PURPOSE);
  });

  it('labels a regime from the whole point, and states its settings', () => {
    const point = resolveScenario({ fanout: 6 });
    expect(REGIME_LIST.map((r) => r.label(point))).toContain('fanout N=6');
    expect(regimeSettingNotes(point)).toBe('N = 6');
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
      expect(r.label(resolveScenario({}))).toContain(r.name);
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
    // Every regime of the list, not only the default scenario's: a new regime's `reads` is checked too.
    const every = { regimes: [...REGIMES] };
    const base = model(every);
    expect(runOnce(base, 3, 0).runs.map((run) => run.regime)).toEqual([...REGIMES]);
    for (const [path, override] of changes) {
      const changed = model(every, override);
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
    const ranks = entries.filter((m) => m.summary !== undefined).map((m) => m.summary!);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(SUMMARY_METRICS.length).toBe(ranks.length);
    // Ranks are positions by value, any finite number (a new metric goes between two without renumbering).
    const paired = entries.filter((m) => m.paired !== undefined).map((m) => m.paired!);
    expect(new Set(paired).size).toBe(paired.length);
    for (const r of [...ranks, ...paired]) expect(Number.isFinite(r)).toBe(true);
    expect(SUMMARY_METRICS).toEqual([...entries.filter((m) => m.summary !== undefined)].sort((a, b) => a.summary! - b.summary!).map((m) => m.column));
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
