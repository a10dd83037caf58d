/**
 * A Claude Code project folder written by code, with every trap calibration must handle:
 * responses split over content-block lines, streaming partials (the last line holds the final
 * usage), a response copied into a second session file, subagent files, an API error line, a
 * malformed line; and prompt, code and tool text everywhere (which must never reach an output).
 * The expected counts and totals in claudeCode.test.ts are counted by hand from the tables here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Text that must never appear in any output. */
export const SECRET_TEXTS = ['PROMPT-TEXT-7f3a9c', 'function secretHelper()', 'TOOL-OUTPUT-b5e1', 'THINKING-TEXT-2c8d', 'SUMMARY-TEXT-91aa'];

export const MODELS = { opus: 'claude-opus-4-5-20251101', sonnet: 'claude-sonnet-4-5-20250929', haiku: 'claude-haiku-4-5-20251001' };

interface Usage {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
}

const T = (hms: string, day = '2026-03-02') => `${day}T${hms}.000Z`;

function assistantLine(o: { id: string; req: string; model: string; u: Usage; ts: string; session: string; sidechain?: boolean; agentId?: string; block: number }): string {
  const content = [
    [{ type: 'thinking', thinking: `${SECRET_TEXTS[3]} let me think`, signature: 'sig' }],
    [{ type: 'text', text: `Here is the fix: ${SECRET_TEXTS[1]} { return 42 }` }],
    [{ type: 'tool_use', id: 'toolu_1', name: 'Edit', input: { file_path: 'src/x.ts', new_string: `${SECRET_TEXTS[1]} {}` } }],
  ][o.block % 3];
  return JSON.stringify({
    parentUuid: 'p',
    isSidechain: o.sidechain ?? false,
    userType: 'external',
    cwd: '/home/dev/project',
    sessionId: o.session,
    version: '2.1.39',
    ...(o.agentId ? { agentId: o.agentId } : {}),
    type: 'assistant',
    message: {
      id: o.id,
      type: 'message',
      role: 'assistant',
      model: o.model,
      content,
      stop_reason: null,
      usage: { input_tokens: o.u.input, cache_creation_input_tokens: o.u.cacheWrite, cache_read_input_tokens: o.u.cacheRead, output_tokens: o.u.output, service_tier: 'standard' },
    },
    requestId: o.req,
    uuid: `u-${o.id}-${o.block}`,
    timestamp: o.ts,
  });
}

function userLine(session: string, text: string, sidechain = false): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: sidechain,
    type: 'user',
    sessionId: session,
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: `${SECRET_TEXTS[2]} ${text} ${SECRET_TEXTS[1]}` }] },
    uuid: 'u-user',
    timestamp: T('09:59:59'),
  });
}

const apiErrorLine = (session: string) =>
  JSON.stringify({
    type: 'assistant',
    sessionId: session,
    isApiErrorMessage: true,
    error: 'server_error',
    apiErrorStatus: 529,
    message: { id: 'msg_err', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: `API Error: 529 Overloaded ${SECRET_TEXTS[0]}` }], usage: { input_tokens: 0, output_tokens: 0 } },
    timestamp: T('10:00:20'),
  });

/** One response: its lines (content blocks, or streaming partials with a growing output). */
function response(
  id: string,
  model: string,
  u: Usage,
  times: string[],
  session: string,
  opts: { partials?: number[]; sidechain?: boolean; agentId?: string; req?: string } = {},
): string[] {
  return times.map((ts, i) => {
    const output = opts.partials && i < times.length - 1 ? opts.partials[i]! : u.output;
    return assistantLine({ id: `msg_${id}`, req: opts.req ?? `req_${id}`, model, u: { ...u, output }, ts, session, sidechain: opts.sidechain, agentId: opts.agentId, block: i });
  });
}

/** Writes the project folder under `root` and returns its path. */
export function writeClaudeCodeFixture(root: string): string {
  const dir = join(root, '-home-dev-project');
  mkdirSync(join(dir, 's1', 'subagents'), { recursive: true });
  mkdirSync(join(dir, 's2', 'subagents'), { recursive: true });
  const { opus, sonnet, haiku } = MODELS;
  const r3 = response('s1_3', opus, { input: 5, cacheWrite: 500, cacheRead: 6500, output: 100 }, [T('10:00:30')], 's1');
  const s1 = [
    JSON.stringify({ type: 'summary', summary: SECRET_TEXTS[4], leafUuid: 'x' }),
    JSON.stringify({ type: 'user', sessionId: 's1', message: { role: 'user', content: `${SECRET_TEXTS[0]} please refactor` }, timestamp: T('09:59:58') }),
    // R1: two content-block lines with the same usage
    ...response('s1_1', opus, { input: 10, cacheWrite: 5000, cacheRead: 0, output: 200 }, [T('10:00:00'), T('10:00:01')], 's1'),
    userLine('s1', 'ran the tests'),
    // R2: streaming partials (output 1, then 50), the last line final (300)
    ...response('s1_2', opus, { input: 5, cacheWrite: 1000, cacheRead: 5000, output: 300 }, [T('10:00:10'), T('10:00:11'), T('10:00:12')], 's1', { partials: [1, 50] }),
    userLine('s1', 'read a file'),
    apiErrorLine('s1'),
    ...r3,
    JSON.stringify({ type: 'system', subtype: 'informational', content: SECRET_TEXTS[0], sessionId: 's1', timestamp: T('10:00:31') }),
  ];
  const a1 = [
    userLine('s1', 'the brief', true),
    ...response('a1_1', sonnet, { input: 3, cacheWrite: 2000, cacheRead: 0, output: 80 }, [T('10:00:02'), T('10:00:03')], 's1', { sidechain: true, agentId: 'a1' }),
    userLine('s1', 'grep output', true),
    ...response('a1_2', sonnet, { input: 2, cacheWrite: 300, cacheRead: 2000, output: 60 }, [T('10:00:08')], 's1', { sidechain: true, agentId: 'a1' }),
    `{"type":"assistant","message":{"id":"msg_a1_x","content":[{"type":"text","text":"${SECRET_TEXTS[0]}`,
    ...response('a1_3', sonnet, { input: 1, cacheWrite: 100, cacheRead: 2400, output: 40 }, [T('10:00:15')], 's1', { sidechain: true, agentId: 'a1' }),
  ];
  const a2 = [
    userLine('s1', 'scout brief', true),
    ...response('a2_1', haiku, { input: 4, cacheWrite: 1500, cacheRead: 0, output: 30 }, [T('10:00:05')], 's1', { sidechain: true, agentId: 'a2' }),
    ...response('a2_2', haiku, { input: 1, cacheWrite: 200, cacheRead: 1500, output: 50 }, [T('10:00:09'), T('10:00:10')], 's1', { sidechain: true, agentId: 'a2', partials: [5] }),
  ];
  const s2 = [
    // a resumed session: R3 of s1 copied in, then its own responses
    ...r3,
    JSON.stringify({ type: 'user', sessionId: 's2', message: { role: 'user', content: `${SECRET_TEXTS[0]} continue` }, timestamp: T('10:59:59') }),
    ...response('s2_1', opus, { input: 8, cacheWrite: 3000, cacheRead: 7000, output: 250 }, [T('11:00:00')], 's2'),
    ...response('s2_2', opus, { input: 2, cacheWrite: 400, cacheRead: 10000, output: 150 }, [T('11:00:20'), T('11:00:21')], 's2'),
  ];
  const b1 = [
    ...response('b1_1', sonnet, { input: 2, cacheWrite: 1800, cacheRead: 0, output: 90 }, [T('11:00:05')], 's2', { sidechain: true, agentId: 'b1' }),
    ...response('b1_2', sonnet, { input: 1, cacheWrite: 250, cacheRead: 1800, output: 70 }, [T('11:00:12')], 's2', { sidechain: true, agentId: 'b1' }),
  ];
  const write = (path: string, lines: string[]) => writeFileSync(join(dir, path), `${lines.join('\n')}\n`);
  write('s1.jsonl', s1);
  write('s1/subagents/agent-a1.jsonl', a1);
  write('s1/subagents/agent-a2.jsonl', a2);
  write('s2.jsonl', s2);
  write('s2/subagents/agent-b1.jsonl', b1);
  return dir;
}

/** Line counts of the fixture's files (for the report's line total). */
export const FIXTURE_LINES = { s1: 12, a1: 7, a2: 4, s2: 5, b1: 2 };

/** Review text of the pull-request fixture, which must never reach an output. */
export const PR_SECRET = 'REVIEW-BODY-TEXT-5d2e';

/** Hours after 2026-03-02 09:00 UTC, as an ISO date. */
export const prTime = (h: number) => new Date(Date.UTC(2026, 2, 2, 9) + h * 3_600_000).toISOString();

/**
 * Ten pull requests in the form of `gh pr list --json number,createdAt,mergedAt,closedAt,
 * additions,deletions,reviews`: opened at 0 h, closed at 30 h, each review an hour after the last
 * from 2 h (so every reviewed PR waits 2 h). By hand: merged 1-6, closed unmerged 7-9, open 10;
 * rounds of the merged (1 + changes requested) 1, 2, 3, 1, 1, 1; lines 120, 60, 300, 30, 100, 15,
 * 400, 40, 10, 60.
 */
export function prFixture(secret = PR_SECRET) {
  const review = (state: string, h: number) => ({ id: 'r', author: { login: 'rev' }, authorAssociation: 'MEMBER', body: secret, submittedAt: prTime(h), includesCreatedEdit: false, reactionGroups: [], state, commit: { oid: 'abc' } });
  // number, additions, deletions, merged?, closed?, reviews
  const table: [number, number, number, boolean, boolean, string[]][] = [
    [1, 100, 20, true, true, ['APPROVED']],
    [2, 50, 10, true, true, ['CHANGES_REQUESTED', 'APPROVED']],
    [3, 200, 100, true, true, ['CHANGES_REQUESTED', 'CHANGES_REQUESTED', 'APPROVED']],
    [4, 30, 0, true, true, ['APPROVED']],
    [5, 80, 20, true, true, []],
    [6, 10, 5, true, true, ['COMMENTED', 'APPROVED']],
    [7, 400, 0, false, true, ['CHANGES_REQUESTED']],
    [8, 20, 20, false, true, []],
    [9, 5, 5, false, true, []],
    [10, 60, 0, false, false, []],
  ];
  return table.map(([number, additions, deletions, merged, closed, reviews]) => ({
    number, createdAt: prTime(0), mergedAt: merged ? prTime(30) : null, closedAt: closed ? prTime(30) : null, additions, deletions,
    reviews: reviews.map((s, i) => review(s, 2 + i)),
  }));
}

/**
 * A project where sidechains replay their parent (ccusage issue #913): `/btw` wrote
 * s3/subagents/agent-aside_question-q1.jsonl (isSidechain), re-logging s3's three responses
 * under new request ids with their usage, then its own answer Q1; and an older-style main file
 * s4.jsonl whose sidechain line replays a response before the parent's own line. By hand:
 *
 * | file | response | lines | kept | tokens (input, cache write, cache read, output) |
 * | --- | --- | --- | --- | --- |
 * | s3.jsonl | R1 | 2 | yes | 10, 4000, 0, 120 |
 * | s3.jsonl | R2 | 1 | yes | 4, 600, 4000, 200 |
 * | s3.jsonl | R3 | 1 | yes | 3, 300, 4600, 90 |
 * | aside | R1 again | 1 | replay | 10, 0, 4000, 120 (4,130) |
 * | aside | R2 again | 2 | replay | 4, 0, 4600, 200 (4,804) |
 * | aside | R3 again | 1 | replay | 3, 0, 4900, 90 (4,993) |
 * | aside | Q1 | 2 | yes | 2, 100, 5000, 60 |
 * | s4.jsonl | R4 (sidechain copy, first) | 2 | replay | 1, 0, 900, 30 (931) |
 * | s4.jsonl | R4 | 1 | yes | 5, 900, 0, 30 |
 * | s4.jsonl | R5 | 1 | yes | 2, 100, 900, 40 |
 */
export function writeReplayFixture(root: string): string {
  const dir = join(root, '-home-dev-replay');
  mkdirSync(join(dir, 's3', 'subagents'), { recursive: true });
  const { opus } = MODELS;
  const side = { sidechain: true, agentId: 'aside_question-q1' };
  const s3 = [
    ...response('r3_1', opus, { input: 10, cacheWrite: 4000, cacheRead: 0, output: 120 }, [T('10:00:00'), T('10:00:01')], 's3'),
    ...response('r3_2', opus, { input: 4, cacheWrite: 600, cacheRead: 4000, output: 200 }, [T('10:00:10')], 's3'),
    ...response('r3_3', opus, { input: 3, cacheWrite: 300, cacheRead: 4600, output: 90 }, [T('10:00:20')], 's3'),
  ];
  const aside = [
    ...response('r3_1', opus, { input: 10, cacheWrite: 0, cacheRead: 4000, output: 120 }, [T('10:00:00')], 's3', { ...side, req: 'req_btw_1' }),
    ...response('r3_2', opus, { input: 4, cacheWrite: 0, cacheRead: 4600, output: 200 }, [T('10:00:10'), T('10:00:11')], 's3', { ...side, req: 'req_btw_2' }),
    ...response('r3_3', opus, { input: 3, cacheWrite: 0, cacheRead: 4900, output: 90 }, [T('10:00:20')], 's3', { ...side, req: 'req_btw_3' }),
    ...response('q1', opus, { input: 2, cacheWrite: 100, cacheRead: 5000, output: 60 }, [T('10:01:00'), T('10:01:01')], 's3', side),
  ];
  const s4 = [
    ...response('r4_1', opus, { input: 1, cacheWrite: 0, cacheRead: 900, output: 30 }, [T('12:00:00'), T('12:00:00')], 's4', { sidechain: true, agentId: 'x', req: 'req_side_4' }),
    ...response('r4_1', opus, { input: 5, cacheWrite: 900, cacheRead: 0, output: 30 }, [T('12:00:00')], 's4'),
    ...response('r4_2', opus, { input: 2, cacheWrite: 100, cacheRead: 900, output: 40 }, [T('12:00:05')], 's4'),
  ];
  const write = (path: string, lines: string[]) => writeFileSync(join(dir, path), `${lines.join('\n')}\n`);
  write('s3.jsonl', s3);
  write('s3/subagents/agent-aside_question-q1.jsonl', aside);
  write('s4.jsonl', s4);
  return dir;
}

/** The replay fixture's kept tokens, and those its replays hold (a count that keeps them, as ccusage before #913's fix). */
export const REPLAY_TOKENS = {
  kept: { inputTokens: 26, cacheWriteTokens: 6000, cacheReadTokens: 14500, outputTokens: 540 },
  replayed: { inputTokens: 18, cacheWriteTokens: 0, cacheReadTokens: 14400, outputTokens: 440 },
};
