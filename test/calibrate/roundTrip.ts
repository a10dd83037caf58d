/**
 * A known scenario's simulation written out as Claude Code logs (numbers and ids only), in the
 * 2.1.x layout: one session per change of the fan-out regime, its orchestrator's plan and
 * consolidation as the main file's turns, each subtask attempt as a subagent file
 * `<session>/subagents/agent-s<subtask>a<attempt>.jsonl`. A call of T turns drawn with output O,
 * growth G and start context S (the trace row's shape) is written turn by turn: turn t re-reads
 * S + t(G + O) tokens, of which it writes to the cache what the last turn appended (the start
 * context too on a fresh call) and reads the rest from the cache at the scenario's cacheHitShare;
 * each turn is two lines (a content block at its start, the final line with stop_reason at its
 * end), turns evenly spread over the call's duration. This is agentCall's accounting
 * (src/model/agentCall.ts) turn by turn, so calibrating these logs should give the scenario back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario, Replicator, resolveScenario, type Scenario, type TraceRow } from '../../src/model/index.js';
import { MODELS } from './fixture.js';

/** Monday 2026-04-06 00:00 UTC: hour 0 of the simulation's clock. */
const EPOCH_MS = Date.UTC(2026, 3, 6);
const iso = (hours: number) => new Date(EPOCH_MS + Math.round(hours * 3_600_000)).toISOString();
const MODEL_OF: Record<string, string> = MODELS;

/** The known scenario: a fan-out of width 3 over independent subtasks, few failures, no orientation stretch. */
export function knownScenario(): Scenario {
  const tiers = Object.fromEntries(['haiku', 'sonnet', 'opus'].map((t) => [t, { wrongProbability: 0.01 }]));
  return resolveScenario({
    name: 'round-trip',
    regimes: ['human', 'fanout'],
    fanout: 3,
    prices: { tiers },
    workload: { graph: { generator: 'independent', count: { dist: 'triangular', min: 2, mode: 4, max: 6 } } },
    agents: { orientation: { turns: 0 } },
    failure: { siblingConflictProbability: 0 },
  });
}

function turnLines(session: string, id: string, tier: string, shape: NonNullable<TraceRow['shape']>, startHours: number, hours: number, hitShare: number, fresh: boolean, sidechain: boolean, agentId: string): string[] {
  const T = shape.turns;
  const O = Math.round(shape.outputTokensPerTurn);
  const G = shape.contextGrowthPerTurn + shape.outputTokensPerTurn;
  const lines: string[] = [];
  for (let t = 0; t < T; t++) {
    const context = shape.startContextTokens + t * G;
    const written = t === 0 ? (fresh ? shape.startContextTokens : 0) : G;
    const cacheRead = Math.round((context - written) * hitShare);
    const input = Math.round(context) - Math.round(written) - cacheRead;
    const usage = (output: number) => ({ input_tokens: input, cache_creation_input_tokens: Math.round(written), cache_read_input_tokens: cacheRead, output_tokens: output });
    const record = (at: number, output: number, stop: string | null) =>
      JSON.stringify({
        parentUuid: null,
        isSidechain: sidechain,
        sessionId: session,
        version: '2.1.39',
        ...(agentId ? { agentId } : {}),
        type: 'assistant',
        message: { id: `msg_${id}_${t}`, type: 'message', role: 'assistant', model: MODEL_OF[tier], content: [], stop_reason: stop, usage: usage(output) },
        requestId: `req_${id}_${t}`,
        uuid: `uuid_${id}_${t}_${stop ? 1 : 0}`,
        timestamp: iso(at),
      });
    const start = startHours + (t * hours) / T;
    lines.push(record(start, 1, null), record(start + hours / T, O, t === T - 1 ? 'end_turn' : 'tool_use'));
  }
  return lines;
}

/**
 * Simulates `changes` replications of the scenario and writes the fan-out's calls as a project
 * folder under `root`. Returns the folder and, per tier, the turns of each subagent run written
 * (for the test's sampling intervals).
 */
export function writeSimulationAsLogs(scenario: Scenario, changes: number, seed: number, root: string): { dir: string; turnsByTier: Map<string, number[]> } {
  const turnsByTier = new Map<string, number[]>();
  const model = compileScenario(scenario);
  const replicator = new Replicator(model, seed);
  const dir = join(root, '-round-trip');
  for (let r = 0; r < changes; r++) {
    const rows: TraceRow[] = [];
    replicator.run(r, { tracer: (row) => rows.push(row) });
    const session = `sim-${r}`;
    const main: string[] = [];
    const agents = new Map<string, string[]>();
    for (const row of rows) {
      if (row.regime !== 'fanout' || !row.shape) continue;
      const hours = row.endHours - row.startHours;
      if (row.step === 'plan' || row.step === 'consolidate') main.push(...turnLines(session, `${r}_${row.step}`, row.tier, row.shape, row.startHours, hours, scenario.agents.cacheHitShare, true, false, ''));
      else if (row.step === 'attempt' && row.subtask >= 0) {
        const agentId = `s${row.subtask}a${row.attempt}`;
        turnsByTier.set(row.tier, [...(turnsByTier.get(row.tier) ?? []), row.shape.turns]);
        agents.set(agentId, turnLines(session, `${r}_${agentId}`, row.tier, row.shape, row.startHours, hours, scenario.agents.cacheHitShare, true, true, agentId));
      }
    }
    mkdirSync(join(dir, session, 'subagents'), { recursive: true });
    writeFileSync(join(dir, `${session}.jsonl`), `${main.join('\n')}\n`);
    for (const [agentId, lines] of agents) writeFileSync(join(dir, session, 'subagents', `agent-${agentId}.jsonl`), `${lines.join('\n')}\n`);
  }
  return { dir, turnsByTier };
}
