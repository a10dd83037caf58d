/**
 * Claude Code session logs: a project folder of `<session>.jsonl` files, each session's subagent
 * runs in `<session>/subagents/agent-*.jsonl`. Each assistant line carries `message.id`,
 * `message.model`, `message.usage` (input_tokens, output_tokens, cache_creation_input_tokens,
 * cache_read_input_tokens), `requestId`, `timestamp`, `sessionId`, `isSidechain`. Only these
 * numbers and ids are read; no content ever leaves this module.
 *
 * The traps, each handled:
 * - one response is written as several lines (one per content block, and streaming partials
 *   with a growing output_tokens): one response per message.id + requestId, the last line's
 *   usage wins (its start is the first line's timestamp);
 * - the same response copied into another session file (a resumed session): counted once, in
 *   the first file (in path order) that holds it;
 * - API errors: assistant lines with isApiErrorMessage or model `<synthetic>`, and system lines
 *   of subtype api_error, are counted as errors, not turns;
 * - subagent files are read too (without them a fan-out's cost is undercounted), and so are
 *   sidechain lines inside a main file (older versions wrote subagents there);
 * - a sidechain replaying its parent (ccusage issue #913: `/btw` writes
 *   `subagents/agent-aside_question-*.jsonl`, `isSidechain: true`, re-logging every earlier
 *   assistant message of the session with its usage under a new requestId): a sidechain line
 *   whose message.id is a response already counted under another requestId is a replay, dropped
 *   and counted (lines, responses, tokens); when both copies are in one file the parent's is kept
 *   (ccusage's fix, PR #1155), otherwise the first read (a session's main file sorts first).
 * Files are streamed line by line; what stays in memory is one file's responses and the set of
 * response keys already counted.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { UsageError } from '../../experiment/index.js';
import { BadLines, forEachLine, parseObjectLine } from './lines.js';
import type { TierMap } from './tiers.js';

export type Role = 'main' | 'subagent';

export interface Turn {
  model: string;
  inputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
  /** First and last line's timestamps (ms since epoch; NaN when absent). */
  startMs: number;
  endMs: number;
  /** Line of the response's first line (orders turns with equal timestamps). */
  line: number;
}

/** One agent run of one tier: a session's main thread, or a subagent. Turns in time order. */
export interface AgentCall {
  session: string;
  /** The run this call belongs to (a file, or a sidechain agent inside a main file). */
  run: string;
  role: Role;
  tier: string | undefined;
  turns: Turn[];
}

export interface ClaudeCodeCounts {
  files: number;
  mainFiles: number;
  subagentFiles: number;
  bytes: number;
  lines: number;
  /** Responses counted (one per message.id + requestId). */
  responses: number;
  /** Lines repeating a response of the same file (content blocks, streaming partials). */
  repeatedLines: number;
  /** Lines of a response already counted from another file. */
  copiedLines: number;
  /** Sidechain lines replaying a counted response (same message.id, another requestId). */
  replayedLines: number;
  /** Distinct replayed responses (message.id + requestId) dropped. */
  replayedResponses: number;
  errorLines: number;
  malformedSkipped: number;
  /** User, system, summary... lines, and assistant lines without usage. */
  otherLines: number;
}

/** Every *.jsonl under `dir`, sorted by path (a session's main file sorts before its folder). */
export function sessionFiles(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`--claude-code ${dir}: no such folder`, 'claude-code');
  }
  if (!st.isDirectory()) throw new UsageError(`--claude-code ${dir}: not a folder; give a project folder of session logs (~/.claude/projects/<project>)`, 'claude-code');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  if (out.length === 0) throw new UsageError(`--claude-code ${dir}: no session files (*.jsonl) in this folder; give a project folder such as ~/.claude/projects/<project>`, 'claude-code');
  return out.sort();
}

const isSubagentFile = (file: string) => basename(dirname(file)) === 'subagents' && basename(file).startsWith('agent-');

function sessionOf(file: string): string {
  return isSubagentFile(file) ? basename(dirname(dirname(file))) : basename(file, '.jsonl');
}

const TOKEN_FIELDS = [
  ['input_tokens', true],
  ['output_tokens', true],
  ['cache_creation_input_tokens', false],
  ['cache_read_input_tokens', false],
] as const;

/** The four token counts, or the name of the first bad one. */
function usageOf(usage: Record<string, unknown>): number[] | string {
  const out: number[] = [];
  for (const [name, required] of TOKEN_FIELDS) {
    const v = usage[name];
    if (v === undefined && !required) out.push(0);
    else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out.push(v);
    else return name;
  }
  return out;
}

interface Pending {
  call: string;
  role: Role;
  turn: Turn;
  /** message.id ('' when absent). */
  id: string;
  /** Lines of the response in this file. */
  lines: number;
}



export class ClaudeCodeReader {
  readonly counts: ClaudeCodeCounts = {
    files: 0, mainFiles: 0, subagentFiles: 0, bytes: 0, lines: 0, responses: 0,
    repeatedLines: 0, copiedLines: 0, replayedLines: 0, replayedResponses: 0, errorLines: 0, malformedSkipped: 0, otherLines: 0,
  };
  private readonly counted = new Set<string>();
  /** Per message.id counted: whether the counted copy is a sidechain's. */
  private readonly countedIds = new Map<string, boolean>();
  /** Tokens of each replayed response dropped (its last line's usage). */
  private readonly replays = new Map<string, number>();

  /** All tokens (input, cache write, cache read, output) of the replayed responses dropped. */
  replayedTokens(): number {
    let sum = 0;
    for (const v of this.replays.values()) sum += v;
    return sum;
  }

  private dropReplay(key: string, tokens: number, lines: number): void {
    if (!this.replays.has(key)) this.counts.replayedResponses++;
    this.replays.set(key, tokens);
    this.counts.replayedLines += lines;
  }

  constructor(
    private readonly tiers: TierMap,
    private readonly bad: BadLines,
    private readonly onCall: (call: AgentCall) => void,
  ) {}

  readFolder(dir: string): void {
    for (const file of sessionFiles(dir)) this.readFile(file, relative(dir, file) || basename(file));
  }

  /** `label` names the file in messages (its path below the folder). */
  readFile(file: string, label: string): void {
    const c = this.counts;
    const subagentFile = isSubagentFile(file);
    c.files++;
    if (subagentFile) c.subagentFiles++;
    else c.mainFiles++;
    c.bytes += statSync(file).size;
    const pending = new Map<string, Pending>();
    /** The pending response of each message.id in this file. */
    const pendingById = new Map<string, string>();
    const malformedBefore = this.bad.total;
    c.lines += forEachLine(
      file,
      (text, line) => {
        if (text.trim() === '') return;
        const rec = parseObjectLine(text);
        if (!rec) return this.bad.report(label, `line ${line}`, 'is not a JSON object (malformed line)');
        const message = (typeof rec.message === 'object' && rec.message !== null ? rec.message : {}) as Record<string, unknown>;
        if (rec.type === 'system' && rec.subtype === 'api_error') return void c.errorLines++;
        if (rec.type !== 'assistant') return void c.otherLines++;
        if (rec.isApiErrorMessage === true || message.model === '<synthetic>') return void c.errorLines++;
        const usage = message.usage;
        if (typeof usage !== 'object' || usage === null) return void c.otherLines++;
        const tokens = usageOf(usage as Record<string, unknown>);
        if (typeof tokens === 'string') return this.bad.report(label, `line ${line}`, `message.usage.${tokens} is not a non-negative number`);
        const id = typeof message.id === 'string' && message.id ? message.id : undefined;
        const key = id ? `${id}\u0000${typeof rec.requestId === 'string' ? rec.requestId : ''}` : `${label}\u0000${line}`;
        if (this.counted.has(key)) return void c.copiedLines++;
        const ts = typeof rec.timestamp === 'string' ? Date.parse(rec.timestamp) : NaN;
        const model = typeof message.model === 'string' ? message.model : '';
        const [inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens] = tokens as [number, number, number, number];
        const role: Role = subagentFile || rec.isSidechain === true ? 'subagent' : 'main';
        const seen = pending.get(key);
        if (!seen && id) {
          // The same message under another requestId: a sidechain's replay when either copy is a sidechain's.
          const sidechain = role === 'subagent';
          const all = inputTokens + outputTokens + cacheWriteTokens + cacheReadTokens;
          const counted = this.countedIds.get(id);
          if (counted !== undefined && (sidechain || counted)) return this.dropReplay(key, all, 1);
          const otherKey = pendingById.get(id);
          const other = otherKey === undefined ? undefined : pending.get(otherKey);
          if (other && (sidechain || other.role === 'subagent')) {
            if (sidechain) return this.dropReplay(key, all, 1);
            // The parent's copy after its replay in the same file: keep the parent's.
            pending.delete(otherKey!);
            c.repeatedLines -= other.lines - 1;
            const t = other.turn;
            this.dropReplay(otherKey!, t.inputTokens + t.cacheWriteTokens + t.cacheReadTokens + t.outputTokens, other.lines);
          }
        }
        if (seen) {
          seen.lines++;
          c.repeatedLines++;
          const t = seen.turn;
          Object.assign(t, { model: model || t.model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens });
          if (ts < t.startMs || Number.isNaN(t.startMs)) t.startMs = ts;
          if (ts > t.endMs || Number.isNaN(t.endMs)) t.endMs = ts;
          return;
        }
        const agent = typeof rec.agentId === 'string' ? rec.agentId : '';
        const call = subagentFile || role === 'main' ? role : `sidechain:${agent}`;
        pending.set(key, { call, role, id: id ?? '', lines: 1, turn: { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, startMs: ts, endMs: ts, line } });
        if (id) pendingById.set(id, key);
      },
    );
    c.malformedSkipped += this.bad.total - malformedBefore;
    this.finishFile(sessionOf(file), label, pending);
  }

  private finishFile(session: string, label: string, pending: Map<string, Pending>): void {
    const calls = new Map<string, AgentCall>();
    for (const [key, p] of pending) {
      this.counted.add(key);
      if (p.id) this.countedIds.set(p.id, (this.countedIds.get(p.id) ?? true) && p.role === 'subagent');
      this.counts.responses++;
      const tier = this.tiers.tierOf(p.turn.model);
      const callKey = `${p.call}\u0000${tier ?? ''}`;
      let call = calls.get(callKey);
      if (!call) calls.set(callKey, (call = { session, run: `${label}\u0000${p.call}`, role: p.role, tier, turns: [] }));
      call.turns.push(p.turn);
    }
    for (const call of calls.values()) {
      call.turns.sort((a, b) => (a.startMs === b.startMs || Number.isNaN(a.startMs - b.startMs) ? a.line - b.line : a.startMs - b.startMs));
      this.onCall(call);
    }
  }
}
