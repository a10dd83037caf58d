import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createStream, lognormal, parseDist, type DistSpec } from '../../src/random/index.js';
import { splitSpeed } from '../../src/calibrate/derive/otel.js';
import { cli, ensureBuilt } from '../cli/helpers.js';
import { prFixture, prTime } from './fixture.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();
const SECRET = 'REVIEW-BODY-TEXT-5d2e';

beforeAll(ensureBuilt);

describe('OpenTelemetry api_request events → speed and time to first token', () => {
  it('splits duration = ttft + output / speed exactly when every call has the same ttft and speed', () => {
    const out = Float64Array.from([50, 120, 400, 900, 2000]);
    const split = splitSpeed(
      out.map((o) => 1.5 + o / 50),
      out,
    )!;
    expect(split.ttftSeconds).toBeCloseTo(1.5, 10);
    expect(1 / split.secondsPerToken).toBeCloseTo(50, 8);
    expect([...split.speeds].map((s) => Math.round(s * 1e6) / 1e6)).toEqual([50, 50, 50, 50]);
  });

  /** OTLP export lines and flat records, numbers as strings, other events among them. */
  function otelFile(dir: string, malformed: boolean): string {
    const u = createStream(5, 'otel-test');
    const ttft = lognormal({ median: 1.5, p90: 2.5 });
    const speed = lognormal({ median: 50, p90: 70 });
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      const output = u() < 0.3 ? 10 + Math.floor(u() * 50) : 100 + Math.floor(u() * 1900);
      const ms = Math.round((ttft.quantile(u()) + output / speed.quantile(u())) * 1000);
      const attrs = { 'event.name': 'api_request', model: 'claude-sonnet-4-5', duration_ms: ms, cost_usd: 0.01, input_tokens: 10, output_tokens: output, cache_read_tokens: 990, cache_creation_tokens: 50 };
      if (i % 2 === 0) {
        const kv = Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } }));
        const tool = { body: { stringValue: 'claude_code.tool_result' }, attributes: [{ key: 'tool_name', value: { stringValue: 'Bash' } }] };
        lines.push(JSON.stringify({ resourceLogs: [{ resource: {}, scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events' }, logRecords: [{ body: { stringValue: 'claude_code.api_request' }, attributes: kv }, tool] }] }] }));
      } else lines.push(JSON.stringify({ name: 'claude_code.api_request', attributes: attrs }));
      if (i === 300 && malformed) lines.push('{"resourceLogs": [');
    }
    lines.push(JSON.stringify({ 'event.name': 'api_error', model: 'claude-sonnet-4-5', error: SECRET }));
    writeFileSync(join(dir, 'otel.jsonl'), `${lines.join('\n')}\n`);
    return 'otel.jsonl';
  }

  it('recovers the speed and ttft medians, and the cache share, from noisy events', () => {
    const dir = scratch();
    const file = otelFile(dir, true);
    const r = cli(['calibrate', '--otel', file, '--out', 'o.yaml', '--lenient'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/api_request events 600 \(sonnet 600\), of them auxiliary \(query_source neither the main thread nor a subagent; left out of the fits\) 0; other events 301; malformed lines or documents skipped 1/);
    const o = parseYaml(readFileSync(join(dir, 'o.yaml'), 'utf8'));
    const sonnet = o.prices.tiers.sonnet;
    const median = (spec: DistSpec) => parseDist(spec).quantile(0.5);
    expect(median(sonnet.outputTokensPerSecond) / 50).toBeGreaterThan(0.9);
    expect(median(sonnet.outputTokensPerSecond) / 50).toBeLessThan(1.1);
    expect(median(sonnet.timeToFirstTokenSeconds) / 1.5).toBeGreaterThan(0.8);
    expect(median(sonnet.timeToFirstTokenSeconds) / 1.5).toBeLessThan(1.2);
    // 990 / (990 + 10) on every event
    expect(o.agents.cacheHitShare).toBe(0.99);
    expect(readFileSync(join(dir, 'o.yaml'), 'utf8') + r.stdout).not.toContain(SECRET);
  });

  it('exits 2 on the malformed line without --lenient, naming it', () => {
    const dir = scratch();
    const file = otelFile(dir, true);
    const r = cli(['calibrate', '--otel', file, '--out', 'o.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/otel\.jsonl line 302: is not a JSON object/);
    expect(readdirSync(dir)).toEqual([file]);
  });
});

describe('ccusage --json → token totals and the cache share', () => {
  const daily = {
    daily: [
      {
        date: '2026-03-01', inputTokens: 100, outputTokens: 2000, cacheCreationTokens: 300, cacheReadTokens: 900, totalTokens: 3300, totalCost: 1.5,
        modelsUsed: ['claude-sonnet-4-5-20250929', 'claude-opus-4-5'],
        modelBreakdowns: [
          { modelName: 'claude-sonnet-4-5-20250929', inputTokens: 60, outputTokens: 1500, cacheCreationTokens: 200, cacheReadTokens: 540, cost: 1 },
          { modelName: 'claude-opus-4-5', inputTokens: 40, outputTokens: 500, cacheCreationTokens: 100, cacheReadTokens: 360, cost: 0.5 },
        ],
      },
      { date: '2026-03-02', inputTokens: 50, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 4950, totalCost: 0.2, modelsUsed: ['claude-haiku-4-5'], modelBreakdowns: [] },
    ],
    totals: { inputTokens: 150 },
  };

  it('sums by tier, and sets cacheHitShare = cache read / (cache read + input)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'daily.json'), JSON.stringify(daily, null, 2));
    const r = cli(['calibrate', '--ccusage', 'daily.json'], dir);
    expect(r.code).toBe(0);
    // (540 + 360 + 4950) / (540 + 360 + 4950 + 60 + 40 + 50) = 5850 / 6000
    expect(parseYaml(r.stdout).agents.cacheHitShare).toBe(0.975);
    expect(r.stderr).toMatch(/ccusage daily\.json: 2 rows/);
    expect(r.stderr).toMatch(/sonnet\s+60\s+1,500\s+200\s+540\s+1\.00/);
    expect(r.stderr).toMatch(/haiku\s+50\s+10\s+0\s+4,950\s+0\.20/);
  });

  it('exits 2 on invalid JSON naming the line, and on a document with no rows', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.json'), '{\n  "daily": [\n    { "inputTokens": 1, }\n  ]\n}\n');
    const r = cli(['calibrate', '--ccusage', 'bad.json', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ccusage bad\.json: not valid JSON \(line 3\)/);
    writeFileSync(join(dir, 'none.json'), '{"totals": {}}');
    expect(cli(['calibrate', '--ccusage', 'none.json'], dir).stderr).toMatch(/no report rows/);
    writeFileSync(join(dir, 'neg.json'), JSON.stringify({ daily: [{ inputTokens: -1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0 }] }));
    expect(cli(['calibrate', '--ccusage', 'neg.json'], dir).stderr).toMatch(/neg\.json daily\[0\]: inputTokens is not a non-negative number/);
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'neg.json', 'none.json']);
  });
});

describe('pull requests (gh pr list --json) → review figures and sizes', () => {
  const prs = prFixture();
  const at = prTime;

  it('sets the reject share, the changes-requested share, max rounds, and rescales sizes to the mean PR', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'prs.json'), JSON.stringify(prs, null, 2));
    const r = cli(['calibrate', '--prs', 'prs.json', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/10 PRs: drafts left out 0; merged 6, closed unmerged 3, open 1/);
    const text = readFileSync(join(dir, 'o.yaml'), 'utf8');
    const o = parseYaml(text);
    expect(o.review.rejectProbability).toEqual({ agent: 0.3333 });
    expect(o.review.judgmentChangeProbability).toBe(0.3333);
    expect(o.review.maxRounds).toBe(3);
    expect(o.review.linesPerHour).toBeUndefined();
    // The default change: 3 layers x 4 wide = 12 subtasks; mean subtask lines (shares 0.2, 0.6, 0.2):
    // 0.6 E[lognormal(60, 200)] + 0.2 E[lognormal(120, 400)]; E = median exp(sigma^2 / 2).
    const sigma = Math.log(200 / 60) / 1.2815515655446004;
    const modelLines = 12 * (0.6 * 60 + 0.2 * 120) * Math.exp((sigma * sigma) / 2);
    const factor = 1135 / 10 / modelLines;
    expect(o.workload.kinds.implement.sizeLines.median).toBe(Number((60 * factor).toPrecision(4)));
    expect(o.workload.kinds.hard.sizeLines.p90).toBe(Number((400 * factor).toPrecision(4)));
    expect(o.workload.kinds.scout).toBeUndefined();
    expect(r.stdout).toMatch(/review wait \(opened to first review\) p50 2 h/);
    expect(text + r.stdout).not.toContain(SECRET);
    expect(cli(['validate', 'o.yaml'], dir).code).toBe(0);
  });

  it('reads gh as it writes PRs: drafts left out, bot authors split out (--prs-by auto), review states as GitHub defines them', () => {
    const dir = scratch();
    const person = (login: string) => ({ id: `U_${login}`, is_bot: false, login, name: '' });
    const bot = { id: 'BOT_1', is_bot: true, login: 'app/claude' };
    const review = (state: string, h: number | null, by: object) => ({ id: 'r', author: by, authorAssociation: 'MEMBER', body: SECRET, submittedAt: h === null ? null : at(h), includesCreatedEdit: false, reactionGroups: [], state, commit: { oid: 'abc' } });
    const reviewBot = { login: 'copilot-pull-request-reviewer[bot]' };
    const bob = person('bob');
    const carol = person('carol');
    // number, author, merged, draft, reviews (hours after opening)
    const table: [number, object, boolean | null, boolean, object[]][] = [
      [1, bot, true, false, [review('COMMENTED', 1, reviewBot), review('CHANGES_REQUESTED', 3, bob), review('APPROVED', 5, bob)]],
      [2, bot, true, false, [review('DISMISSED', 2, bob), review('APPROVED', 4, carol)]],
      [3, bot, true, false, [review('PENDING', null, bob), review('APPROVED', 6, carol)]],
      [4, bot, true, false, [review('COMMENTED', 1, bob), review('APPROVED', 2, bob)]],
      [5, bot, false, false, []],
      [6, bot, false, false, []],
      [7, person('alice'), true, false, [review('CHANGES_REQUESTED', 2, bob), review('CHANGES_REQUESTED', 8, bob), review('APPROVED', 9, bob)]],
      [8, person('alice'), true, false, [review('APPROVED', 4, bob)]],
      [9, person('dan'), true, false, [review('APPROVED', 4, carol)]],
      [10, person('dan'), true, false, [review('APPROVED', 4, carol)]],
      [11, person('alice'), false, false, []],
      [12, person('alice'), null, true, [review('COMMENTED', 1, bob)]],
    ];
    const list = table.map(([number, author, merged, isDraft, reviews]) => ({
      number, author, isDraft, createdAt: at(0), mergedAt: merged ? at(30) : null, closedAt: merged === null ? null : at(30), additions: 10 * number, deletions: number, reviews,
    }));
    writeFileSync(join(dir, 'gh.json'), JSON.stringify(list, null, 2));
    const r = cli(['calibrate', '--prs', 'gh.json', '--prs-by', 'auto', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('12 PRs: drafts left out 1; merged 8, closed unmerged 3, open 0');
    expect(r.stdout).toContain('authors: bots 6, people 5, not given 0; reviews left out: by bots 1; dismissed (not a round) 1');
    const o = parseYaml(readFileSync(join(dir, 'o.yaml'), 'utf8'));
    // bots: #5, #6 of 6 closed unmerged; people: #11 of 5
    expect(o.review.rejectProbability).toEqual({ agent: 0.3333, human: 0.2 });
    // merged with a standing CHANGES_REQUESTED: #1 and #7 of 8 (the dismissed review of #2 is not a round)
    expect(o.review.judgmentChangeProbability).toBe(0.25);
    expect(o.review.maxRounds).toBe(3);
    // first review by a person (the bot's comment on #1 and #3's pending review left out): 3, 2, 6, 1, 2, 4, 4, 4 hours
    expect(o.calibration.observed.reviewWaitHours.values).toEqual([1, 2, 2, 3, 4, 4, 4, 6]);
    expect(o.calibration.observed.reviewRounds.values).toEqual([1, 1, 1, 1, 1, 1, 2, 3]);
    expect(readFileSync(join(dir, 'o.yaml'), 'utf8') + r.stdout).not.toContain(SECRET);
  });

  it('--prs-by human sets the human reject share; a CSV with reviewHours gives lines per hour', () => {
    const dir = scratch();
    const rows = ['number,createdAt,mergedAt,closedAt,additions,deletions,changesRequested,reviewHours'];
    // lines / hours: 100, 200, 300, 400, 500 → median 300
    [[100, 1], [400, 2], [900, 3], [800, 2], [250, 0.5]].forEach(([lines, hours], i) =>
      rows.push(`${i + 1},${at(0)},${at(5)},${at(5)},${lines},0,${i % 2},${hours}`),
    );
    rows.push(`6,${at(0)},,${at(3)},10,0,0,`);
    writeFileSync(join(dir, 'prs.csv'), `${rows.join('\n')}\n`);
    const r = cli(['calibrate', '--prs', 'prs.csv', '--prs-by', 'human', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(0);
    const o = parseYaml(readFileSync(join(dir, 'o.yaml'), 'utf8'));
    expect(o.review.rejectProbability).toEqual({ human: 0.1667 });
    expect(o.review.linesPerHour).toBe(300);
    expect(o.review.judgmentChangeProbability).toBe(0.4);
  });

  it('exits 2 on a PR merged before it was created, naming the item (issue 25)', () => {
    const dir = scratch();
    const merged = prs.find((p) => p.mergedAt)!;
    const bad = prs.map((p) => (p === merged ? { ...p, mergedAt: '2001-01-01T00:00:00Z' } : p));
    writeFileSync(join(dir, 'prs.json'), JSON.stringify(bad));
    const r = cli(['calibrate', '--prs', 'prs.json', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`prs\\.json item \\d+ \\(PR #${merged.number}\\): mergedAt is before createdAt`));
    expect(readdirSync(dir)).toEqual(['prs.json']);
  });

  it('exits 2 on a PR without createdAt naming the item, and on a CSV without a needed column', () => {
    const dir = scratch();
    const bad = prs.map((p) => (p.number === 4 ? { ...p, createdAt: undefined } : p));
    writeFileSync(join(dir, 'prs.json'), JSON.stringify(bad));
    const r = cli(['calibrate', '--prs', 'prs.json', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prs\.json item 4 \(PR #4\): createdAt is missing or not a date/);
    const lenient = cli(['calibrate', '--prs', 'prs.json', '--lenient'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/9 PRs: .*skipped 1/);
    writeFileSync(join(dir, 'prs.csv'), 'number,createdAt\n1,2026-01-01T00:00:00Z\n');
    expect(cli(['calibrate', '--prs', 'prs.csv'], dir).stderr).toMatch(/no column 'additions', 'deletions' in the header/);
    writeFileSync(join(dir, 'empty.json'), '');
    expect(cli(['calibrate', '--prs', 'empty.json'], dir).stderr).toMatch(/--prs empty\.json: the file is empty/);
    expect(readdirSync(dir).sort()).toEqual(['empty.json', 'prs.csv', 'prs.json']);
  });

  it('needs a source, and refuses an existing --out before reading anything', () => {
    const r = cli(['calibrate', '--out', 'o.yaml'], scratch());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give at least one source/);
    const dir = scratch();
    writeFileSync(join(dir, 'o.yaml'), 'keep: me\n');
    const exists = cli(['calibrate', '--prs', 'missing.json', '--out', 'o.yaml'], dir);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/--out o\.yaml: already exists; pass --force/);
    expect(readFileSync(join(dir, 'o.yaml'), 'utf8')).toBe('keep: me\n');
  });

  it('exits 2 on an empty OpenTelemetry file, and on a negative token count in a session log', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'otel.jsonl'), '');
    expect(cli(['calibrate', '--otel', 'otel.jsonl'], dir).stderr).toMatch(/--otel otel\.jsonl: the file is empty/);
    const line = (out: number) =>
      JSON.stringify({ type: 'assistant', requestId: `r${out}`, timestamp: '2026-03-02T10:00:00Z', message: { id: `m${out}`, model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: out } } });
    writeFileSync(join(dir, 's.jsonl'), `${line(5)}\n${line(-3)}\n`);
    const r = cli(['calibrate', '--claude-code', dir, '--out', 'o.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.jsonl line 2: message\.usage\.output_tokens is not a non-negative number/);
    expect(readdirSync(dir).sort()).toEqual(['otel.jsonl', 's.jsonl']);
  });
});
