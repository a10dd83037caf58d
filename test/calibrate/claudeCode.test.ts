import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AgentStats } from '../../src/calibrate/derive/agents.js';
import { ClaudeCodeReader } from '../../src/calibrate/read/claudeCode.js';
import { BadLines } from '../../src/calibrate/read/lines.js';
import { TierMap } from '../../src/calibrate/read/tiers.js';
import { cli, ensureBuilt } from '../cli/helpers.js';
import { REPLAY_TOKENS, SECRET_TEXTS, writeClaudeCodeFixture, writeReplayFixture } from './fixture.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();
const TIERS = ['haiku', 'sonnet', 'opus'];

function readFixture(lenient: boolean) {
  const dir = writeClaudeCodeFixture(scratch());
  const stats = new AgentStats();
  const reader = new ClaudeCodeReader(new TierMap(TIERS), new BadLines(lenient), (call) => stats.add(call));
  reader.readFolder(dir);
  return { dir, stats, counts: reader.counts };
}

/** The counts of the layout traits (fixtures.ts's layouts test has them), none in these two fixtures. */
const NO_LAYOUT_TRAITS = { rootAgentFiles: 0, compactionFiles: 0, gluedLines: 0, gluedRecords: 0, sidechainRuns: 0, embeddedResponses: 0, embeddedDuplicates: 0, compactionBoundaries: 0 };

const sorted = (v: Float64Array) => [...v].sort((a, b) => a - b);

describe('Claude Code logs: counts of records kept and dropped (hand count of fixture.ts)', () => {
  it('keeps one response per message.id + requestId, drops repeats and copies, counts errors and bad lines', () => {
    const { counts } = readFixture(true);
    expect(counts).toEqual({
      files: 5,
      mainFiles: 2,
      subagentFiles: 3,
      bytes: counts.bytes,
      lines: 12 + 7 + 4 + 5 + 2,
      // R1-R5, A1-A3, A4-A5, B1-B2
      responses: 12,
      // R1 +1 block, R2 +2 partials, A1 +1 block, A5 +1 partial, R5 +1 block
      repeatedLines: 6,
      // R3 of s1 again in s2.jsonl
      copiedLines: 1,
      replayedLines: 0,
      replayedResponses: 0,
      ...NO_LAYOUT_TRAITS,
      errorLines: 1,
      malformedSkipped: 1,
      // s1: summary, prompt, 2 tool results, system; a1: 2; a2: 1; s2: 1
      otherLines: 9,
    });
  });

  it('derives per tier and role what a hand count gives', () => {
    const { stats } = readFixture(true);
    const opus = stats.stats('opus', 'main')!;
    expect(opus.runs).toBe(2);
    expect(sorted(opus.turnsPerRun.values())).toEqual([2, 3]);
    // R2's last line wins: 300, not its partials 1 and 50
    expect(sorted(opus.outputPerTurn.values())).toEqual([100, 150, 200, 250, 300]);
    // 6005 − 5010 − 200, 7005 − 6005 − 300, 10402 − 10008 − 250
    expect(sorted(opus.growthPerTurn.values())).toEqual([144, 700, 795]);
    expect(sorted(opus.secondsPerTurn.values())).toEqual([10, 20, 20]);
    expect(sorted(opus.startContext.values())).toEqual([5010, 10008]);
    expect(opus.tokens).toEqual({ inputTokens: 30, cacheWriteTokens: 9900, cacheReadTokens: 28500, outputTokens: 1000 });

    const sonnet = stats.stats('sonnet', 'subagent')!;
    expect(sonnet.runs).toBe(2);
    expect(sorted(sonnet.turnsPerRun.values())).toEqual([2, 3]);
    expect(sorted(sonnet.outputPerTurn.values())).toEqual([40, 60, 70, 80, 90]);
    // 2302 − 2003 − 80, 2501 − 2302 − 60, 2051 − 1802 − 90
    expect(sorted(sonnet.growthPerTurn.values())).toEqual([139, 159, 219]);
    expect(sorted(sonnet.secondsPerTurn.values())).toEqual([6, 7, 7]);

    const haiku = stats.stats('haiku', 'subagent')!;
    expect(haiku.runs).toBe(1);
    expect(sorted(haiku.outputPerTurn.values())).toEqual([30, 50]);
    expect(sorted(haiku.growthPerTurn.values())).toEqual([167]);
    expect(sorted(haiku.secondsPerTurn.values())).toEqual([4]);

    expect(stats.stats('sonnet', 'main')).toBeUndefined();
    expect(stats.totals).toEqual({ inputTokens: 44, cacheWriteTokens: 16050, cacheReadTokens: 36200, outputTokens: 1420 });
    const sessions = stats.sessionFigures();
    expect(sessions.sessions).toBe(2);
    expect(sorted(sessions.subagentsPerSession)).toEqual([1, 2]);
    // s1: a1 (10:00:02-10:00:15) and a2 (10:00:05-10:00:10) overlap
    expect(sorted(sessions.peakPerSession)).toEqual([1, 2]);
  });

  it('stops at the malformed line without --lenient, naming the file and the line', () => {
    expect(() => readFixture(false)).toThrow(/s1\/subagents\/agent-a1\.jsonl line 6: .*--lenient/);
  });
});

describe('a sidechain replaying its parent (ccusage #913): counted once, the replays dropped and counted', () => {
  const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);

  function readReplays() {
    const dir = writeReplayFixture(scratch());
    const stats = new AgentStats();
    const reader = new ClaudeCodeReader(new TierMap(TIERS), new BadLines(false), (call) => stats.add(call));
    reader.readFolder(dir);
    return { dir, stats, reader };
  }

  it("keeps the parent responses and the sidechain's own, drops the replays (hand count of writeReplayFixture)", () => {
    const { stats, reader } = readReplays();
    expect(reader.counts).toEqual({
      files: 3,
      mainFiles: 2,
      subagentFiles: 1,
      bytes: reader.counts.bytes,
      lines: 4 + 6 + 4,
      // R1-R3, Q1, R4, R5
      responses: 6,
      // R1 and Q1 +1 block each (R4's sidechain copy's second line is a replay, not a repeat)
      repeatedLines: 2,
      copiedLines: 0,
      // R1-R3 again in the aside file (1 + 2 + 1 lines), R4's sidechain copy (2 lines)
      replayedLines: 6,
      replayedResponses: 4,
      ...NO_LAYOUT_TRAITS,
      errorLines: 0,
      malformedSkipped: 0,
      otherLines: 0,
    });
    expect(reader.replayedTokens()).toBe(4130 + 4804 + 4993 + 931);
    expect(reader.replayedTokens()).toBe(sum(REPLAY_TOKENS.replayed));
    expect(stats.totals).toEqual(REPLAY_TOKENS.kept);
    const main = stats.stats('opus', 'main')!;
    expect(main.runs).toBe(2);
    expect([...main.turnsPerRun.values()].sort()).toEqual([2, 3]);
    // the parent's copy of R4 is kept: its usage, not the sidechain's
    expect([...main.outputPerTurn.values()].sort((a, b) => a - b)).toEqual([30, 40, 90, 120, 200]);
    const aside = stats.stats('opus', 'subagent')!;
    expect(aside.runs).toBe(1);
    expect([...aside.turnsPerRun.values()]).toEqual([1]);
    expect(aside.tokens).toEqual({ inputTokens: 2, cacheWriteTokens: 100, cacheReadTokens: 5000, outputTokens: 60 });
    // s3 started one subagent run (the aside question); s4's sidechain copy was a replay
    expect([...stats.sessionFigures().subagentsPerSession].sort()).toEqual([0, 1]);
  });

  it('reports the replays, and names a ccusage whose totals exceed the logs by exactly them', () => {
    const work = scratch();
    const dir = writeReplayFixture(work);
    const naive = { inputTokens: 26 + 18, cacheWriteTokens: 6000, cacheReadTokens: 14500 + 14400, outputTokens: 540 + 440 };
    const daily = (t: typeof naive) => ({
      daily: [{ date: '2026-03-02', ...t, cacheCreationTokens: t.cacheWriteTokens, totalCost: 1, modelBreakdowns: [{ modelName: 'claude-opus-4-5', ...t, cacheCreationTokens: t.cacheWriteTokens, cost: 1 }] }],
    });
    writeFileSync(join(work, 'doubled.json'), JSON.stringify(daily(naive)));
    writeFileSync(join(work, 'fixed.json'), JSON.stringify(daily(REPLAY_TOKENS.kept)));
    const r = cli(['calibrate', '--claude-code', dir, '--ccusage', 'doubled.json', '--min-observations', '5'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('responses kept 6; duplicate lines dropped 8 (2 repeats in the same file: content blocks, streaming partials; 0 copies in another file; 6 sidechain replays of 4 responses under new request ids, 14,858 tokens: ccusage #913)');
    expect(r.stderr).toContain('ccusage against the deduplicated logs: 35,924 tokens, the logs 21,066 (+14,858); the logs\' sidechain replays dropped: 4 responses, 14,858 tokens');
    expect(r.stderr).toMatch(/warning: ccusage's excess matches the replays: this ccusage counts a sidechain replay twice \(its issue #913, fixed by PR #1155/);
    // attributed by counting: the 4 replays hold the whole excess, nothing left unexplained
    expect(r.stderr).toContain('the difference, counted: 4 sidechain replays (14,858 tokens) this ccusage counts twice');
    expect(r.stderr).not.toContain('unexplained');
    // the cache share comes from the deduplicated logs: 14500 / (14500 + 26)
    expect(parseYaml(r.stdout).agents.cacheHitShare).toBe(0.9982);
    const fixed = cli(['calibrate', '--claude-code', dir, '--ccusage', 'fixed.json', '--min-observations', '5'], work);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('ccusage against the deduplicated logs: 21,066 tokens, the logs 21,066 (+0)');
    expect(fixed.stderr).not.toMatch(/warning|note: the two differ/);
  });
});

describe('orchsim calibrate --claude-code (the CLI on the fixture)', () => {
  beforeAll(ensureBuilt);

  it('writes an overlay of the fitted fields, reports the counts, and leaks no text', () => {
    const work = scratch();
    const dir = writeClaudeCodeFixture(work);
    const r = cli(['calibrate', '--claude-code', dir, '--out', 'team.yaml', '--lenient', '--min-observations', '5'], work);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 files (2 main, 3 subagent), 30 lines');
    expect(r.stdout).toContain('responses kept 12; duplicate lines dropped 7 (6 repeats in the same file');
    expect(r.stdout).toContain('1 copies in another file; 0 sidechain replays of 0 responses under new request ids, 0 tokens: ccusage #913); API error lines 1; malformed lines skipped 1; other lines 9');
    const text = readFileSync(join(work, 'team.yaml'), 'utf8');
    const overlay = parseYaml(text);
    // 36200 / (36200 + 44)
    expect(overlay.agents.cacheHitShare).toBe(0.9988);
    expect(text).toMatch(/# cache read \/ \(cache read \+ uncached input\) over 12 responses/);
    expect(overlay.orchestration.plan.outputTokensPerTurn.dist).toBeDefined();
    expect(text).toMatch(/on 5 opus main-session turns/);
    expect(overlay.workload.kinds.implement.work.outputTokensPerTurn.dist).toBeDefined();
    expect(overlay.workload.kinds.scout).toBeUndefined();
    for (const secret of SECRET_TEXTS) {
      expect(r.stdout).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(cli(['validate', 'team.yaml'], work).code).toBe(0);
  });

  it('exits 2 on the malformed line without --lenient and writes nothing', () => {
    const work = scratch();
    const dir = writeClaudeCodeFixture(work);
    const r = cli(['calibrate', '--claude-code', dir, '--out', 'team.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/agent-a1\.jsonl line 6: is not a JSON object/);
    for (const secret of SECRET_TEXTS) expect(r.stderr).not.toContain(secret);
    expect(existsSync(join(work, 'team.yaml'))).toBe(false);
    expect(readdirSync(work)).toEqual(['-home-dev-project']);
  });

  it('exits 2 on a folder with no sessions, and on a missing folder', () => {
    const work = scratch();
    const empty = cli(['calibrate', '--claude-code', work, '--out', 'x.yaml'], work);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no session files/);
    const missing = cli(['calibrate', '--claude-code', join(work, 'nope'), '--out', 'x.yaml'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
    expect(readdirSync(work)).toEqual([]);
  });
});
