/**
 * One small Claude Code project folder per trait of real logs (written by code: numbers and ids
 * only; the shapes follow public transcripts of Claude Code 1.0.x, 2.0.x and 2.1.x, no text
 * copied). The expected counts in layouts.test.ts are counted by hand from the tables here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MODELS } from './fixture.js';

export interface Usage {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
}

/** Seconds after 2026-04-01 10:00:00 UTC, as Claude Code writes a timestamp. */
export const at = (seconds: number) => new Date(Date.UTC(2026, 3, 1, 10) + seconds * 1000).toISOString();

interface RecordOptions {
  session: string;
  sidechain?: boolean;
  agentId?: string;
  uuid?: string;
  parentUuid?: string | null;
  /** stop_reason; null (the default) is how streaming lines are logged. */
  stop?: string | null;
  req?: string;
  version?: string;
}

/** One assistant record (an object, not yet a line). */
export function assistant(id: string, model: string, u: Usage, seconds: number, o: RecordOptions): Record<string, unknown> {
  return {
    parentUuid: o.parentUuid ?? null,
    isSidechain: o.sidechain ?? false,
    sessionId: o.session,
    version: o.version ?? '2.1.39',
    ...(o.agentId ? { agentId: o.agentId } : {}),
    type: 'assistant',
    message: {
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'tool_use', id: `toolu_${id}`, name: 'Read', input: {} }],
      stop_reason: o.stop ?? null,
      usage: { input_tokens: u.input, cache_creation_input_tokens: u.cacheWrite, cache_read_input_tokens: u.cacheRead, output_tokens: u.output },
    },
    requestId: o.req ?? `req_${id}`,
    uuid: o.uuid ?? `uuid_${id}`,
    timestamp: at(seconds),
  };
}

/** A user record (a tool result or a prompt; the content is a placeholder word). */
export function user(uuid: string, parentUuid: string | null, seconds: number, o: { session: string; sidechain?: boolean; agentId?: string }): Record<string, unknown> {
  return {
    parentUuid,
    isSidechain: o.sidechain ?? false,
    sessionId: o.session,
    ...(o.agentId ? { agentId: o.agentId } : {}),
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'ok' }] },
    uuid,
    timestamp: at(seconds),
  };
}

/** A main-file progress line embedding a subagent's assistant record (2.1.x agent_progress). */
export function agentProgress(agentId: string, embedded: Record<string, unknown>, seconds: number, session: string): Record<string, unknown> {
  return {
    parentUuid: 'uuid_task',
    isSidechain: false,
    sessionId: session,
    type: 'progress',
    data: { type: 'agent_progress', agentId, prompt: '', message: { ...embedded, isSidechain: true, agentId } },
    toolUseID: `agent_msg_${agentId}`,
    parentToolUseID: 'toolu_task',
    uuid: `progress_${String(embedded.uuid)}`,
    timestamp: at(seconds),
  };
}

/** Writes `files` (path → records, or raw lines as strings) under `root/name` and returns that folder. */
export function writeProject(root: string, name: string, files: Record<string, (Record<string, unknown> | string)[]>): string {
  const dir = join(root, name);
  for (const [path, records] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`);
  }
  return dir;
}

const { opus, sonnet, haiku } = MODELS;
const u = (input: number, cacheWrite: number, cacheRead: number, output: number): Usage => ({ input, cacheWrite, cacheRead, output });

/**
 * Glued records: main file g1.jsonl, 4 lines. Line 2 holds R1's assistant record and a summary
 * record written back to back; line 3 holds R2 and another assistant record R3, glued with no
 * blank. By hand: 3 responses (R1-R3), 2 glued lines, 4 records split, other lines 3 (the
 * summary, and the user lines 1 and 4).
 */
export function gluedProject(root: string): string {
  const s = 'g1';
  const r1 = JSON.stringify(assistant('g1_1', opus, u(10, 1000, 0, 120), 0, { session: s, stop: 'tool_use' }));
  const summary = JSON.stringify({ type: 'summary', summary: 'x', leafUuid: 'uuid_g1_1' });
  const r2 = JSON.stringify(assistant('g1_2', opus, u(5, 200, 1000, 80), 10, { session: s, stop: 'tool_use' }));
  const r3 = JSON.stringify(assistant('g1_3', opus, u(5, 100, 1200, 60), 20, { session: s, stop: 'end_turn' }));
  return writeProject(root, '-glued', { 'g1.jsonl': [user('p', null, -1, { session: s }), `${r1}${summary}`, `${r2} ${r3}`, user('q', 'uuid_g1_3', 21, { session: s })] });
}

/** A line that is truly broken (a record cut short after another): stops without --lenient. */
export function brokenGluedProject(root: string): string {
  const r1 = JSON.stringify(assistant('b_1', opus, u(10, 1000, 0, 120), 0, { session: 'b1', stop: 'tool_use' }));
  return writeProject(root, '-broken', { 'b1.jsonl': [r1, `${r1}{"type":"assistant","message":{"id":"msg_b_2"`] });
}

/**
 * Compaction (2.1.x): session c1 has one subagent c1/subagents/agent-a1.jsonl (2 turns) and a
 * compaction file c1/subagents/agent-acompact-9f.jsonl (one turn, 150,000 tokens of start
 * context); its main file has 2 turns, a compact_boundary line, then 2 more turns. By hand:
 * subagents per session [1], compaction calls 1, compact_boundary lines 1; the main run's
 * growth is measured on 2 turn pairs (not across the boundary); responses 7.
 */
export function compactionProject(root: string): string {
  const s = 'c1';
  return writeProject(root, '-compaction', {
    'c1.jsonl': [
      assistant('c1_1', opus, u(5, 2000, 0, 100), 0, { session: s, stop: 'tool_use' }),
      assistant('c1_2', opus, u(5, 300, 2000, 100), 10, { session: s, stop: 'tool_use' }),
      { type: 'system', subtype: 'compact_boundary', sessionId: s, compactMetadata: { trigger: 'auto', preTokens: 150000 }, timestamp: at(30), uuid: 'cb' },
      assistant('c1_3', opus, u(5, 5000, 0, 100), 40, { session: s, stop: 'tool_use' }),
      assistant('c1_4', opus, u(5, 400, 5000, 100), 50, { session: s, stop: 'end_turn' }),
    ],
    'c1/subagents/agent-a1.jsonl': [
      assistant('a1_1', sonnet, u(3, 1500, 0, 90), 12, { session: s, sidechain: true, agentId: 'a1', stop: 'tool_use' }),
      assistant('a1_2', sonnet, u(2, 200, 1500, 70), 18, { session: s, sidechain: true, agentId: 'a1', stop: 'end_turn' }),
    ],
    'c1/subagents/agent-acompact-9f.jsonl': [assistant('k_1', opus, u(3, 0, 150000, 2500), 25, { session: s, sidechain: true, agentId: 'acompact-9f', stop: 'end_turn' })],
  });
}

/**
 * 1.0.x sidechains without agentId in the main file s10.jsonl: three Task runs whose records
 * chain by parentUuid to their first record. X (3 turns, 5-25 s) and Y (2 turns, 8-20 s)
 * interleave; Z (2 turns, 40-50 s) starts after both end. The main thread has 2 turns. By hand:
 * runs 3 (turns 3, 2, 2), subagents per session [3], most at once 2, sidechain runs 3.
 */
export function sidechainProject(root: string): string {
  const s = 's10';
  const side = { session: s, sidechain: true, version: '1.0.17' };
  const chain = (id: string, parent: string) => ({ ...side, uuid: `uuid_${id}`, parentUuid: parent, stop: 'tool_use' });
  return writeProject(root, '-sidechains', {
    's10.jsonl': [
      assistant('m_1', opus, u(5, 3000, 0, 200), 0, { session: s, version: '1.0.17', stop: 'tool_use' }),
      user('x0', null, 4, side),
      user('y0', null, 7, side),
      assistant('x_1', sonnet, u(3, 1000, 0, 50), 5, chain('x_1', 'x0')),
      assistant('y_1', sonnet, u(3, 1100, 0, 55), 8, chain('y_1', 'y0')),
      user('x1', 'uuid_x_1', 9, side),
      assistant('x_2', sonnet, u(2, 100, 1000, 40), 12, chain('x_2', 'x1')),
      user('y1', 'uuid_y_1', 13, side),
      assistant('y_2', sonnet, u(2, 120, 1100, 45), 20, chain('y_2', 'y1')),
      user('x2', 'uuid_x_2', 21, side),
      assistant('x_3', sonnet, u(2, 90, 1100, 35), 25, chain('x_3', 'x2')),
      user('z0', null, 39, side),
      assistant('z_1', sonnet, u(3, 900, 0, 60), 40, chain('z_1', 'z0')),
      user('z1', 'uuid_z_1', 45, side),
      assistant('z_2', sonnet, u(2, 80, 900, 30), 50, chain('z_2', 'z1')),
      assistant('m_2', opus, u(5, 400, 3000, 150), 60, { session: s, version: '1.0.17', stop: 'end_turn' }),
    ],
  });
}

/**
 * Subagents kept in agent_progress lines (2.1.x): session e1's main file has 2 turns of its own
 * and progress lines embedding subagent E1's 3 responses (its second response on two lines: a
 * content block and the final line) and subagent E2's 2 responses; E2's file
 * e1/subagents/agent-e2.jsonl holds the same 2 responses, E1 has no file (only the main file was
 * copied). By hand: responses 2 + 3 + 2 = 7; embedded responses counted 3, embedded duplicates
 * 2 (E2's, counted from its file); subagents per session [2]; E1 and E2 overlap (most at once 2).
 */
export function embeddedProject(root: string): string {
  const s = 'e1';
  const e1 = (n: number, usage: Usage, t: number, stop: string | null = 'tool_use') => assistant(`e1_${n}`, haiku, usage, t, { session: s, sidechain: true, agentId: 'e1', stop });
  const e2 = (n: number, usage: Usage, t: number) => assistant(`e2_${n}`, haiku, usage, t, { session: s, sidechain: true, agentId: 'e2', stop: 'tool_use' });
  const e2Records = [e2(1, u(4, 1200, 0, 40), 6), e2(2, u(2, 150, 1200, 30), 14)];
  return writeProject(root, '-embedded', {
    'e1.jsonl': [
      assistant('m_1', opus, u(5, 2500, 0, 150), 0, { session: s, stop: 'tool_use' }),
      agentProgress('e1', e1(1, u(4, 1000, 0, 50), 5), 5, s),
      agentProgress('e2', e2Records[0]!, 6, s),
      agentProgress('e1', e1(2, u(2, 100, 1000, 3), 10, null), 10, s),
      agentProgress('e1', e1(2, u(2, 100, 1000, 45), 11), 11, s),
      agentProgress('e2', e2Records[1]!, 14, s),
      agentProgress('e1', e1(3, u(2, 120, 1100, 35), 16), 16, s),
      assistant('m_2', opus, u(5, 300, 2500, 120), 30, { session: s, stop: 'end_turn' }),
    ],
    'e1/subagents/agent-e2.jsonl': e2Records,
  });
}

/**
 * 2.0.x: root-level agent-r1.jsonl and agent-r2.jsonl whose records carry sessionId 'd20',
 * beside the session's main file d20.jsonl (2 turns). R1: 2 turns (5-15 s); R2: 2 turns (9-12 s).
 * By hand: sessions 1 (not 3), subagents per session [2], most at once 2, root-level agent
 * files 2, responses 6.
 */
export function rootAgentsProject(root: string): string {
  const s = 'd20';
  const o = (agentId: string, stop = 'tool_use') => ({ session: s, sidechain: true, agentId, version: '2.0.14', stop });
  return writeProject(root, '-root-agents', {
    'd20.jsonl': [
      assistant('m_1', opus, u(5, 2500, 0, 150), 0, { session: s, version: '2.0.14', stop: 'tool_use' }),
      assistant('m_2', opus, u(5, 300, 2500, 120), 30, { session: s, version: '2.0.14', stop: 'end_turn' }),
    ],
    'agent-r1.jsonl': [assistant('r1_1', sonnet, u(3, 1000, 0, 60), 5, o('r1')), assistant('r1_2', sonnet, u(2, 100, 1000, 40), 15, o('r1', 'end_turn'))],
    'agent-r2.jsonl': [assistant('r2_1', sonnet, u(3, 900, 0, 50), 9, o('r2')), assistant('r2_2', sonnet, u(2, 90, 900, 30), 12, o('r2', 'end_turn'))],
  });
}

/**
 * Streaming placeholders (2.1.x): 6 sessions, each one sonnet subagent of 5 turns; in each run
 * turns 1-4 are logged with output_tokens 1 to 4 and no stop_reason (the final count never
 * written) and turn 5 with 400 and stop_reason end_turn. By hand: 24 of 30 sonnet subagent
 * turns are placeholders (80%).
 */
export function placeholderProject(root: string): string {
  const files: Record<string, Record<string, unknown>[]> = {};
  for (let k = 1; k <= 6; k++) {
    const s = `p${k}`;
    files[`${s}.jsonl`] = [assistant(`${s}_m`, opus, u(5, 2000, 0, 100 + 37 * k), 0, { session: s, stop: 'end_turn' })];
    files[`${s}/subagents/agent-w${k}.jsonl`] = [1, 2, 3, 4, 5].map((t) =>
      assistant(`${s}_w${t}`, sonnet, u(2, 100 * t, 1000 * t, t < 5 ? t : 380 + 9 * k), 10 * t + ((k * t) % 4), { session: s, sidechain: true, agentId: `w${k}`, stop: t < 5 ? null : 'end_turn' }),
    );
  }
  return writeProject(root, '-placeholders', files);
}
