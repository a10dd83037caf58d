import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AgentStats } from '../../src/calibrate/derive/agents.js';
import { ClaudeCodeReader } from '../../src/calibrate/read/claudeCode.js';
import { BadLines, splitGluedObjects } from '../../src/calibrate/read/lines.js';
import { TierMap } from '../../src/calibrate/read/tiers.js';
import { cli, ensureBuilt } from '../cli/helpers.js';
import { scratchDirs } from './helpers.js';
import { MODELS } from './fixture.js';
import { agentProgress, assistant, brokenGluedProject, compactionProject, embeddedProject, gluedProject, placeholderProject, rootAgentsProject, sidechainProject, writeProject } from './layouts.js';

const scratch = scratchDirs();

function read(write: (root: string) => string, lenient = false) {
  const dir = write(scratch());
  const stats = new AgentStats();
  const reader = new ClaudeCodeReader(new TierMap(['haiku', 'sonnet', 'opus']), new BadLines(lenient), (call) => stats.add(call));
  reader.readFolder(dir);
  return { dir, stats, counts: reader.counts, reader, sessions: stats.sessionFigures() };
}

const list = (v: Float64Array) => [...v].sort((a, b) => a - b);

describe('every Claude Code layout, one fixture per trait (hand counts in layouts.ts)', () => {
  it('glued records: a line holding two records is split and both read; a truly broken line still stops', () => {
    const { counts, stats } = read(gluedProject);
    expect(counts.responses).toBe(3);
    expect(counts.gluedLines).toBe(2);
    expect(counts.gluedRecords).toBe(4);
    expect(counts.otherLines).toBe(3);
    expect(counts.malformedSkipped).toBe(0);
    expect(list(stats.stats('opus', 'main')!.outputPerTurn.values())).toEqual([60, 80, 120]);
    expect(() => read(brokenGluedProject)).toThrow(/b1\.jsonl line 2: is not a JSON object \(malformed line\)/);
    const lenient = read(brokenGluedProject, true);
    expect(lenient.counts.malformedSkipped).toBe(1);
    expect(lenient.counts.gluedLines).toBe(0);
  });

  it('splits glued records whose strings hold braces, quotes and escapes; refuses anything else', () => {
    const a = { type: 'assistant', note: 'a } { "quoted" \\ back\\slash }{', n: [1, { x: 2 }] };
    const b = { type: 'summary', summary: '}{' };
    expect(splitGluedObjects(`${JSON.stringify(a)}${JSON.stringify(b)}`)).toEqual([a, b]);
    expect(splitGluedObjects(`${JSON.stringify(a)} \t${JSON.stringify(b)}`)).toEqual([a, b]);
    for (const bad of [`${JSON.stringify(a)}x${JSON.stringify(b)}`, `${JSON.stringify(a)}[1]`, `${JSON.stringify(a)}{"cut":`, '"text"', '{"a":1}}'])
      expect(splitGluedObjects(bad), bad).toBeUndefined();
  });

  it('compaction: an agent-acompact file is a compaction call, not a subagent; no growth across a compact_boundary', () => {
    const { counts, stats, sessions } = read(compactionProject);
    expect(counts.responses).toBe(7);
    expect(counts.compactionFiles).toBe(1);
    expect(counts.subagentFiles).toBe(1);
    expect(counts.compactionBoundaries).toBe(1);
    expect(list(sessions.subagentsPerSession)).toEqual([1]);
    expect(list(sessions.compactionsPerSession)).toEqual([1]);
    expect(stats.stats('opus', 'subagent')).toBeUndefined();
    expect(stats.stats('opus', 'compaction')!.runs).toBe(1);
    const main = stats.stats('opus', 'main')!;
    expect(main.runs).toBe(1);
    // 2305 − 2005 − 100, 5405 − 5005 − 100; the pair across the boundary is a compaction
    expect(list(main.growthPerTurn.values())).toEqual([200, 300]);
    expect(main.compactions).toBe(1);
    // the compaction's tokens are in the totals
    expect(stats.totals.cacheReadTokens).toBe(2000 + 5000 + 1500 + 150000);
  });

  it('1.0.x sidechains without agentId: one run per parentUuid chain, the fan-out width kept', () => {
    const { counts, stats, sessions } = read(sidechainProject);
    expect(counts.sidechainRuns).toBe(3);
    expect(counts.responses).toBe(9);
    const sonnet = stats.stats('sonnet', 'subagent')!;
    expect(sonnet.runs).toBe(3);
    expect(list(sonnet.turnsPerRun.values())).toEqual([2, 2, 3]);
    expect(list(sessions.subagentsPerSession)).toEqual([3]);
    expect(list(sessions.peakPerSession)).toEqual([2]);
    expect(stats.stats('opus', 'main')!.turnsPerRun.values()[0]).toBe(2);
  });

  it('agent_progress: embedded subagent responses counted once, deduplicated against the subagent files', () => {
    const { counts, stats, sessions, reader } = read(embeddedProject);
    expect(counts.responses).toBe(7);
    expect(counts.embeddedResponses).toBe(3);
    expect(counts.embeddedDuplicates).toBe(2);
    expect(list(sessions.subagentsPerSession)).toEqual([2]);
    expect(list(sessions.peakPerSession)).toEqual([2]);
    const haiku = stats.stats('haiku', 'subagent')!;
    expect(haiku.runs).toBe(2);
    expect(list(haiku.turnsPerRun.values())).toEqual([2, 3]);
    // E1's second response: its final line's 45, not the placeholder 3
    expect(list(haiku.outputPerTurn.values())).toEqual([30, 35, 40, 45, 50]);
    expect(reader.embeddedByModel.get('claude-haiku-4-5-20251001')).toEqual({ responses: 3, inputTokens: 8, cacheWriteTokens: 1220, cacheReadTokens: 2100, outputTokens: 130 });
  });

  it('agent_progress without an agentId: one run per Task call (parentToolUseID)', () => {
    const { counts, sessions } = read((root) => {
      const line = (task: string, n: number, t: number) => {
        const rec = agentProgress('x', assistant(`${task}_${n}`, MODELS.haiku, { input: 2, cacheWrite: 100 * n, cacheRead: 1000, output: 40 + n }, t, { session: 'n1', sidechain: true, stop: 'tool_use' }), t, 'n1');
        const data = rec.data as Record<string, unknown>;
        delete data.agentId;
        delete (data.message as Record<string, unknown>).agentId;
        return { ...rec, parentToolUseID: task };
      };
      return writeProject(root, '-no-agent-id', { 'n1.jsonl': [line('toolu_a', 1, 1), line('toolu_b', 1, 2), line('toolu_a', 2, 5), line('toolu_b', 2, 6)] });
    });
    expect(counts.embeddedResponses).toBe(4);
    expect(list(sessions.subagentsPerSession)).toEqual([2]);
    expect(list(sessions.peakPerSession)).toEqual([2]);
  });

  it('2.0.x root-level agent files are joined to the session their sessionId names', () => {
    const { counts, sessions } = read(rootAgentsProject);
    expect(counts.rootAgentFiles).toBe(2);
    expect(counts.subagentFiles).toBe(2);
    expect(counts.mainFiles).toBe(1);
    expect(counts.responses).toBe(6);
    expect(sessions.sessions).toBe(1);
    expect(list(sessions.subagentsPerSession)).toEqual([2]);
    expect(list(sessions.peakPerSession)).toEqual([2]);
  });

  it('streaming placeholders: the share is measured per tier and role', () => {
    const { stats } = read(placeholderProject);
    expect(stats.placeholderShare('sonnet', 'subagent')).toEqual({ placeholders: 24, turns: 30, share: 0.8 });
    expect(stats.placeholderShare('opus', 'main')).toEqual({ placeholders: 0, turns: 6, share: 0 });
    expect(list(stats.stats('sonnet', 'subagent')!.finalOutputPerTurn.values())).toEqual([389, 398, 407, 416, 425, 434]);
  });
});

describe('orchsim calibrate on the traits (the CLI)', () => {
  beforeAll(ensureBuilt);

  it('leaves output per turn (and tool seconds, which follow it) out where placeholders are material, and says why', () => {
    const work = scratch();
    const dir = placeholderProject(work);
    const r = cli(['calibrate', '--claude-code', dir, '--out', 'team.yaml', '--min-observations', '5'], work);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/workload\.kinds\.implement\.work\.outputTokensPerTurn: not written \(left at the scenario's value\): 24 of 30 sonnet subagent turns \(80\.0%\) were logged at 5 output tokens or fewer with no stop_reason/);
    expect(r.stdout).toMatch(/workload\.kinds\.implement\.work\.toolSecondsPerTurn: not written: it is seconds per turn less the generation time/);
    const text = readFileSync(join(work, 'team.yaml'), 'utf8');
    // the overlay says why too, in its comments
    expect(text).toMatch(/# {3}workload\.kinds\.implement\.work\.outputTokensPerTurn: not written \(left at the scenario's value\): 24 of 30 sonnet subagent turns \(80\.0%\)/);
    const overlay = parseYaml(text);
    // no kind's field from the subagents (turns are all 5: nothing to fit); the main sessions' final counts still give the orchestrator's
    expect(overlay.workload.kinds).toBeUndefined();
    // the workload's shape from the runs: one subagent run in each of the 6 sessions
    expect(overlay.workload.graph).toEqual({ generator: 'independent', count: { dist: 'empirical', samples: [1, 1, 1, 1, 1, 1] } });
    expect(overlay.orchestration.plan.outputTokensPerTurn.dist).toBeDefined();
  });

  it('exits 2 on a truly broken line, naming the file and line, and writes nothing', () => {
    const work = scratch();
    const dir = brokenGluedProject(work);
    const r = cli(['calibrate', '--claude-code', dir, '--out', 'team.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b1\.jsonl line 2: is not a JSON object/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(work, 'team.yaml'))).toBe(false);
    expect(readdirSync(work)).toEqual(['-broken']);
  });
});

