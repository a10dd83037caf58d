import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { OtelStats } from '../../src/calibrate/derive/otel.js';
import { BadLines } from '../../src/calibrate/read/lines.js';
import { readOtel } from '../../src/calibrate/read/otel.js';
import { parseDist, type DistSpec } from '../../src/random/index.js';
import { cli, ensureBuilt } from '../cli/helpers.js';
import { MODELS } from './fixture.js';
import { scratchDirs } from './helpers.js';
import { assistant, embeddedProject, placeholderProject, writeProject } from './layouts.js';

const scratch = scratchDirs();

/** OTLP's attribute list: numbers as intValue strings or doubleValue, text as stringValue. */
function attributes(a: Record<string, string | number>): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(a).map(([key, v]) => ({ key, value: typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } }));
}

/**
 * Two OTLP/HTTP JSON log documents, pretty-printed (2-space indent) one after the other, as an
 * exporter's request bodies saved to a file. Each holds 30 events: 24 work calls of sonnet (12
 * `repl_main_thread`, 12 `agent:builtin`: duration = ttft + output / speed with ttft about 1.5 s
 * and speed about 50 tokens/s, jittered by index) and 6 auxiliary calls (`generate_session_title`,
 * 0.2 s + output / 500) that would drag the speed fit if they were kept, and one tool_result
 * event. By hand: 60 api_request events, 12 auxiliary, 2 other events, 2 documents.
 */
function otlpFile(dir: string): string {
  const docs: string[] = [];
  for (let d = 0; d < 2; d++) {
    const records = [];
    for (let i = 0; i < 30; i++) {
      const k = 30 * d + i;
      const auxiliary = i % 5 === 4;
      const output = auxiliary ? 20 + (k % 9) : k % 3 === 0 ? 20 + (k % 60) : 100 + ((k * 37) % 900);
      const ttft = auxiliary ? 0.2 : 1.5 * (1 + 0.08 * (((k * 7) % 5) - 2) / 2);
      const speed = auxiliary ? 500 : 50 * (1 + 0.06 * (((k * 3) % 7) - 3) / 3);
      const source = auxiliary ? 'generate_session_title' : k % 2 === 0 ? 'repl_main_thread' : 'agent:builtin';
      records.push({
        timeUnixNano: String(1775037600000000000 + k * 1e9),
        observedTimeUnixNano: String(1775037600000000000 + k * 1e9),
        body: { stringValue: 'claude_code.api_request' },
        attributes: attributes({
          'event.name': 'api_request',
          'session.id': `s${d}`,
          model: MODELS.sonnet,
          query_source: source,
          duration_ms: Math.round((ttft + output / speed) * 1000),
          cost_usd: 0.0123,
          input_tokens: 12,
          output_tokens: output,
          cache_read_tokens: 1188,
          cache_creation_tokens: 40,
        }),
      });
    }
    records.push({ body: { stringValue: 'claude_code.tool_result' }, attributes: attributes({ 'event.name': 'tool_result', tool_name: 'Bash', success: 'true' }) });
    const doc = {
      resourceLogs: [
        {
          resource: { attributes: attributes({ 'service.name': 'claude-code', 'service.version': '2.1.39' }) },
          scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.1.39' }, logRecords: records }],
        },
      ],
    };
    docs.push(JSON.stringify(doc, null, 2));
  }
  writeFileSync(join(dir, 'otlp.json'), `${docs.join('\n')}\n`);
  return 'otlp.json';
}

const median = (spec: DistSpec) => parseDist(spec).quantile(0.5);

describe('OpenTelemetry as an exporter writes it', () => {
  beforeAll(ensureBuilt);

  it('reads pretty-printed OTLP documents, and keeps auxiliary calls (query_source) out of the fits', () => {
    const dir = scratch();
    const file = otlpFile(dir);
    const stats = new OtelStats();
    const counts = readOtel(join(dir, file), new BadLines(false), (r) => stats.add(r, 'sonnet'));
    expect(counts.documents).toBe(2);
    expect(counts.apiRequests).toBe(60);
    expect(counts.otherEvents).toBe(2);
    const sonnet = stats.byTier.get('sonnet')!;
    expect(sonnet.requests).toBe(60);
    expect(sonnet.auxiliary).toBe(12);
    expect(sonnet.durationSeconds.length).toBe(48);
    expect(sonnet.workOutputTokens.length).toBe(48);

    const r = cli(['calibrate', '--otel', file, '--out', 'o.yaml', '--min-observations', '5'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 documents, 62 records: api_request events 60 (sonnet 60), of them auxiliary (query_source neither the main thread nor a subagent; left out of the fits) 12');
    const o = parseYaml(readFileSync(join(dir, 'o.yaml'), 'utf8'));
    expect(median(o.prices.tiers.sonnet.outputTokensPerSecond) / 50).toBeGreaterThan(0.95);
    expect(median(o.prices.tiers.sonnet.outputTokensPerSecond) / 50).toBeLessThan(1.05);
    expect(median(o.prices.tiers.sonnet.timeToFirstTokenSeconds) / 1.5).toBeGreaterThan(0.9);
    expect(median(o.prices.tiers.sonnet.timeToFirstTokenSeconds) / 1.5).toBeLessThan(1.1);
  });

  it('a document cut short stops without --lenient, naming its first line; with --lenient the next document is read', () => {
    const dir = scratch();
    otlpFile(dir);
    const text = readFileSync(join(dir, 'otlp.json'), 'utf8');
    const second = text.indexOf('\n{', 10) + 1;
    writeFileSync(join(dir, 'cut.json'), `${text.slice(0, 400)}\n${text.slice(second)}`);
    const strict = cli(['calibrate', '--otel', 'cut.json', '--out', 'o.yaml'], dir);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/cut\.json line 1: is not a JSON object \(malformed JSON document\)/);
    const stats = new OtelStats();
    const counts = readOtel(join(dir, 'cut.json'), new BadLines(true), (r) => stats.add(r, 'sonnet'));
    expect(counts.malformedSkipped).toBe(1);
    expect(counts.documents).toBe(1);
    expect(counts.apiRequests).toBe(30);
  });

  it('where the logs hold placeholders, output per turn comes from OpenTelemetry (final counts), saying why', () => {
    const dir = scratch();
    const logs = placeholderProject(dir);
    const file = otlpFile(dir);
    const r = cli(['calibrate', '--claude-code', logs, '--otel', file, '--out', 'team.yaml', '--min-observations', '5'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'team.yaml'), 'utf8');
    expect(text).toMatch(/on 48 sonnet api_request events \(final counts; auxiliary calls left out\), because 24 of 30 sonnet subagent turns \(80\.0%\) were logged at 5 output tokens or fewer/);
    expect(parseYaml(text).workload.kinds.implement.work.outputTokensPerTurn.dist).toBeDefined();
  });
});

describe('plausible or not written', () => {
  beforeAll(ensureBuilt);

  it('a fitted median outside the documented range is not written, with the reason', () => {
    const dir = scratch();
    const files: Record<string, Record<string, unknown>[]> = {};
    // 6 sessions, one sonnet subagent of 4 turns each, every count final but of 6 to 9 tokens: median 7.5
    for (let k = 1; k <= 6; k++)
      files[`t${k}/subagents/agent-z${k}.jsonl`] = [1, 2, 3, 4].map((t) =>
        assistant(`t${k}_${t}`, MODELS.sonnet, { input: 2, cacheWrite: 50 * t + k, cacheRead: 500 * t, output: 5 + t }, 10 * t + k, { session: `t${k}`, sidechain: true, agentId: `z${k}`, stop: 'tool_use' }),
      );
    const logs = writeProject(dir, '-terse', files);
    const r = cli(['calibrate', '--claude-code', logs, '--out', 'team.yaml', '--min-observations', '5'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/workload\.kinds\.implement\.work\.outputTokensPerTurn: not written: the median of 24 sonnet subagent turns is 7\.5, outside the plausible output tokens per turn \(10 to 32000\)/);
    expect(parseYaml(readFileSync(join(dir, 'team.yaml'), 'utf8')).workload.kinds.implement.work.outputTokensPerTurn).toBeUndefined();
  });
});

describe('the ccusage reconciliation explains a difference by counting its causes', () => {
  beforeAll(ensureBuilt);

  /** A ccusage session report (per model), as `ccusage session --json` writes one. */
  function sessionReport(models: Record<string, [input: number, cacheWrite: number, cacheRead: number, output: number]>) {
    return {
      sessions: [
        {
          sessionId: 'e1',
          modelBreakdowns: Object.entries(models).map(([modelName, [inputTokens, cacheCreationTokens, cacheReadTokens, outputTokens]]) => ({ modelName, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens, cost: 0.1 })),
        },
      ],
    };
  }

  it('responses only in agent_progress lines (a session report lacks them), and what is left unexplained', () => {
    const dir = scratch();
    const logs = embeddedProject(dir);
    // by hand (layouts.ts): opus 10, 2800, 2500, 270; haiku in the logs 14, 2570, 3300, 200, of which E1's 3 embedded responses 8, 1220, 2100, 130
    writeFileSync(join(dir, 'session.json'), JSON.stringify(sessionReport({ 'claude-opus-4-5-20251101': [10, 2800, 2500, 270], 'claude-haiku-4-5-20251001': [6, 1350, 1200, 70] })));
    const r = cli(['calibrate', '--claude-code', logs, '--ccusage', 'session.json', '--min-observations', '5'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('the difference, counted: 3 responses (3,458 tokens) the logs hold only in agent_progress lines, which this ccusage report does not count');
    expect(r.stderr).not.toContain('unexplained');
    expect(r.stderr).not.toContain('other days or projects');
    // the logs' own figures per model, with the responses only in agent_progress lines
    expect(r.stderr).toMatch(/claude-haiku-4-5-20251001\s+5\s+14\s+2,570\s+3,300\s+200\s+3/);

    writeFileSync(join(dir, 'more.json'), JSON.stringify(sessionReport({ 'claude-opus-4-5': [10, 2800, 3500, 270], 'claude-haiku-4-5': [6, 1350, 1200, 70] })));
    const more = cli(['calibrate', '--claude-code', logs, '--ccusage', 'more.json', '--min-observations', '5'], dir);
    expect(more.stderr).toContain('3 responses (3,458 tokens) the logs hold only in agent_progress lines');
    expect(more.stderr).toContain('unexplained by either: 1,000 tokens (days or projects that one of them holds and the other does not');
  });
});
