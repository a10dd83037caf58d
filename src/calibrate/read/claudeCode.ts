/**
 * Claude Code session logs: a project folder of `<session>.jsonl` files and their subagents, in
 * whichever layout the version that wrote them used (docs/cli.md lists them):
 * - 2.1.x: `<session>/subagents/agent-<id>.jsonl`, one file per subagent run;
 * - 2.0.x: `agent-<id>.jsonl` at the project's root, joined to the session its records'
 *   `sessionId` names;
 * - 1.0.x: sidechain lines (`isSidechain: true`) inside the main file, split into one run per
 *   subagent by `agentId` where present, else by their chain of `parentUuid` back to the first
 *   sidechain record (the Task call's prompt);
 * - subagent responses embedded in the main file's `progress` lines (`data.type:
 *   agent_progress`, `data.message` a whole assistant record), which survive where a tool copied
 *   only main files: counted once, deduplicated against the subagent files by message.id +
 *   requestId, under the run `data.agentId` names (else the Task call's `parentToolUseID`);
 * - compaction: `agent-acompact-*.jsonl` files (one call summarising the session) are recorded
 *   as compaction, never as a subagent run; a `compact_boundary` system line in a main file
 *   marks where its context was reset (no growth is measured across it).
 * Each assistant record carries `message.id`, `message.model`, `message.usage` (input_tokens,
 * output_tokens, cache_creation_input_tokens, cache_read_input_tokens), `message.stop_reason`,
 * `requestId`, `timestamp`, `sessionId`, `isSidechain`. Only these numbers and ids are read; no
 * content ever leaves this module.
 *
 * The traps, each handled:
 * - two records written back to back on one line: split and both read (counted); a line that is
 *   not such a sequence is malformed (stops the command unless --lenient);
 * - one response is written as several lines (one per content block, and streaming partials
 *   with a growing output_tokens): one response per message.id + requestId, the last line's
 *   usage wins (its start is the first line's timestamp);
 * - a response whose output count was never final (no `stop_reason` on any of its lines and 5
 *   output tokens or fewer: 2.1.x logs the streaming placeholder and not the final count) is
 *   kept for its tokens but flagged, so that output per turn is not fitted from it;
 * - the same response copied into another session file (a resumed session): counted once, in
 *   the first file (in path order) that holds it;
 * - API errors: assistant lines with isApiErrorMessage or model `<synthetic>`, and system lines
 *   of subtype api_error, are counted as errors, not turns;
 * - a sidechain replaying its parent (ccusage issue #913: `/btw` writes
 *   `subagents/agent-aside_question-*.jsonl`, `isSidechain: true`, re-logging every earlier
 *   assistant message of the session with its usage under a new requestId): a sidechain line
 *   whose message.id is a response already counted under another requestId is a replay, dropped
 *   and counted (lines, responses, tokens); when both copies are in one file the parent's is kept
 *   (ccusage's fix, PR #1155), otherwise the first read (a session's main file sorts first).
 * Files are streamed line by line; what stays in memory is one session's responses and the set
 * of response keys already counted. This module assembles responses into sessions' and subagents'
 * calls; what one line says is read in ./claudeCodeRecord.ts, the folder's files are found and
 * told apart in ./claudeCodeFiles.ts.
 */
import { statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { BadLines, forEachLine, parseObjectLine, splitGluedObjects } from './lines.js';
import type { TierMap } from './tiers.js';
import { fileAgentOf, groupOf, inSubagentsFolder, isAgentFile, kindOf, sessionFiles, sessionOfPath } from './claudeCodeFiles.js';
import { objectOf, responseLine, type ModelTokens, type Role, type Turn } from './claudeCodeRecord.js';

/** One agent run of one tier: a session's main thread, a subagent, or a compaction. Turns in time order. */
export interface AgentCall {
  session: string;
  /** The run this call belongs to within its session (the main thread, or a subagent's id). */
  run: string;
  role: Role;
  tier: string | undefined;
  turns: Turn[];
  /** The run's responses came only from agent_progress lines of the main file. */
  embedded: boolean;
}

export interface ClaudeCodeCounts {
  files: number;
  mainFiles: number;
  /** Subagent files of either layout (2.1.x subagents folder, 2.0.x root level). */
  subagentFiles: number;
  /** Of them, 2.0.x root-level agent-*.jsonl files. */
  rootAgentFiles: number;
  compactionFiles: number;
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
  /** Lines holding several records written back to back, and the records split from them. */
  gluedLines: number;
  gluedRecords: number;
  /** 1.0.x sidechain runs inside main files (split by agentId or parentUuid chain). */
  sidechainRuns: number;
  /** Responses found only in agent_progress lines (counted), and those also in a subagent file (dropped). */
  embeddedResponses: number;
  embeddedDuplicates: number;
  /** compact_boundary lines in main files. */
  compactionBoundaries: number;
  errorLines: number;
  malformedSkipped: number;
  /** User, system, summary... lines, and assistant lines without usage. */
  otherLines: number;
}

interface Pending {
  /** The run within the session ('main', or a subagent's key). */
  run: string;
  role: Role;
  turn: Turn;
  /** message.id ('' when absent). */
  id: string;
  /** Lines of the response in this file. */
  lines: number;
}

/** Responses and their tokens by class, for one model. */
export interface ModelTotals extends ModelTokens {
  responses: number;
}

function addModelTotals(into: Map<string, ModelTotals>, model: string, t: ModelTokens): void {
  let m = into.get(model);
  if (!m) into.set(model, (m = { responses: 0, inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0 }));
  m.responses++;
  m.inputTokens += t.inputTokens;
  m.cacheWriteTokens += t.cacheWriteTokens;
  m.cacheReadTokens += t.cacheReadTokens;
  m.outputTokens += t.outputTokens;
}

/** Another line of a pending response: the last line's usage wins, the span widens, a stop_reason on any line makes it final. */
function addLine(p: Pending, line: Pick<Turn, 'model' | 'inputTokens' | 'outputTokens' | 'cacheWriteTokens' | 'cacheReadTokens' | 'final'>, ts: number): void {
  p.lines++;
  const t = p.turn;
  Object.assign(t, { ...line, model: line.model || t.model, final: t.final || line.final });
  if (ts < t.startMs || Number.isNaN(t.startMs)) t.startMs = ts;
  if (ts > t.endMs || Number.isNaN(t.endMs)) t.endMs = ts;
}

export class ClaudeCodeReader {
  readonly counts: ClaudeCodeCounts = {
    files: 0, mainFiles: 0, subagentFiles: 0, rootAgentFiles: 0, compactionFiles: 0, bytes: 0, lines: 0, responses: 0,
    repeatedLines: 0, copiedLines: 0, replayedLines: 0, replayedResponses: 0, gluedLines: 0, gluedRecords: 0, sidechainRuns: 0,
    embeddedResponses: 0, embeddedDuplicates: 0, compactionBoundaries: 0, errorLines: 0, malformedSkipped: 0, otherLines: 0,
  };
  private readonly counted = new Set<string>();
  /** Per message.id counted: whether the counted copy is a sidechain's. */
  private readonly countedIds = new Map<string, boolean>();
  /** Model and tokens (input, cache write, cache read, output) of each replayed response dropped (its last line's usage). */
  private readonly replays = new Map<string, { model: string; tokens: ModelTokens }>();
  /** What the counted responses hold, by model. */
  readonly byModel = new Map<string, ModelTotals>();
  /** Responses embedded in agent_progress lines of the group being read, counted when the group ends. */
  private embedded = new Map<string, Pending & { session: string }>();
  /** Tokens and responses by model that came only from agent_progress lines (for the reconciliation). */
  readonly embeddedByModel = new Map<string, ModelTotals>();

  /** All tokens (input, cache write, cache read, output) of the replayed responses dropped. */
  replayedTokens(): number {
    let sum = 0;
    for (const v of this.replays.values()) sum += v.tokens.inputTokens + v.tokens.cacheWriteTokens + v.tokens.cacheReadTokens + v.tokens.outputTokens;
    return sum;
  }

  /** The replayed responses dropped, by model. */
  replayedByModel(): Map<string, ModelTotals> {
    const out = new Map<string, ModelTotals>();
    for (const r of this.replays.values()) addModelTotals(out, r.model, r.tokens);
    return out;
  }

  private dropReplay(key: string, t: Turn, lines: number): void {
    if (!this.replays.has(key)) this.counts.replayedResponses++;
    this.replays.set(key, { model: t.model, tokens: { inputTokens: t.inputTokens, cacheWriteTokens: t.cacheWriteTokens, cacheReadTokens: t.cacheReadTokens, outputTokens: t.outputTokens } });
    this.counts.replayedLines += lines;
  }

  constructor(
    private readonly tiers: TierMap,
    private readonly bad: BadLines,
    private readonly onCall: (call: AgentCall) => void,
  ) {}

  /**
   * Root-level agent files (2.0.x) first: they are joined to their session by id, wherever it
   * sorts. Then each session's main file and its folder; a group's embedded responses are
   * counted after its subagent files, so that a response in both is counted from the file.
   */
  readFolder(dir: string): void {
    const files = sessionFiles(dir);
    const rootLevel = files.filter((f) => !inSubagentsFolder(f) && isAgentFile(f));
    const rest = files.filter((f) => inSubagentsFolder(f) || !isAgentFile(f));
    const label = (file: string) => relative(dir, file) || basename(file);
    for (const file of rootLevel) this.readFile(file, label(file));
    let group: string | undefined;
    for (const file of rest) {
      const g = groupOf(file);
      if (group !== undefined && g !== group) this.flushEmbedded();
      group = g;
      this.readFile(file, label(file));
    }
    this.flushEmbedded();
  }

  /** `label` names the file in messages (its path below the folder). */
  readFile(file: string, label: string): void {
    const c = this.counts;
    const kind = kindOf(file);
    c.files++;
    if (kind === 'main') c.mainFiles++;
    else if (kind === 'compaction') c.compactionFiles++;
    else c.subagentFiles++;
    if (kind === 'rootAgent') c.rootAgentFiles++;
    c.bytes += statSync(file).size;
    const fileAgent = fileAgentOf(file, kind);
    let session = sessionOfPath(file, kind);
    const pending = new Map<string, Pending>();
    /** The pending response of each message.id in this file. */
    const pendingById = new Map<string, string>();
    /** 1.0.x sidechains without agentId: the run of each sidechain record's uuid. */
    const sidechainRunOf = new Map<string, string>();
    let compactedSinceMainTurn = false;
    const malformedBefore = this.bad.total;

    const runOfSidechain = (rec: Record<string, unknown>): string => {
      if (typeof rec.agentId === 'string' && rec.agentId) return `agent:${rec.agentId}`;
      const parent = typeof rec.parentUuid === 'string' ? sidechainRunOf.get(rec.parentUuid) : undefined;
      const run = parent ?? `chain:${typeof rec.uuid === 'string' ? rec.uuid : sidechainRunOf.size}`;
      if (typeof rec.uuid === 'string') sidechainRunOf.set(rec.uuid, run);
      return run;
    };

    const takeEmbedded = (rec: Record<string, unknown>, line: number) => {
      const data = objectOf(rec.data);
      const inner = objectOf(data?.message);
      const message = objectOf(inner?.message);
      const usage = objectOf(message?.usage);
      if (!data || !inner || !message || !usage || inner.type !== 'assistant') return void c.otherLines++;
      if (message.model === '<synthetic>' || inner.isApiErrorMessage === true) return void c.errorLines++;
      const response = responseLine(message, usage, inner.requestId, [inner.timestamp, rec.timestamp]);
      if (typeof response === 'string') return this.bad.report(label, `line ${line}`, `data.message.message.usage.${response} is not a non-negative number`);
      const { id, model, final, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, timestampMs: ts } = response;
      const key = id ? `${id}\u0000${response.requestId}` : `${label}\u0000${line}\u0000embedded`;
      // The subagent: data.agentId, else the record's own agentId, else the Task call it answers (one per subagent).
      const agent = [data.agentId, inner.agentId, rec.parentToolUseID].find((v): v is string => typeof v === 'string' && v !== '') ?? 'unknown';
      const seen = this.embedded.get(key);
      if (seen) return addLine(seen, { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, final }, ts);
      this.embedded.set(key, {
        session, run: `agent:${agent}`, role: 'subagent', id: id ?? '', lines: 1,
        turn: { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, startMs: ts, endMs: ts, line, final, afterCompaction: false },
      });
    };

    const take = (rec: Record<string, unknown>, line: number) => {
      if (!session && typeof rec.sessionId === 'string' && rec.sessionId) session = rec.sessionId;
      const sidechainRecord = kind === 'main' && rec.isSidechain === true;
      // Every sidechain record (user lines too) extends its chain, so assistant lines find their run.
      const sidechainRun = sidechainRecord ? runOfSidechain(rec) : '';
      if (rec.type === 'progress') {
        if (kind === 'main' && objectOf(rec.data)?.type === 'agent_progress') return takeEmbedded(rec, line);
        return void c.otherLines++;
      }
      const message = objectOf(rec.message) ?? {};
      if (rec.type === 'system' && rec.subtype === 'api_error') return void c.errorLines++;
      if (rec.type === 'system' && rec.subtype === 'compact_boundary') {
        c.compactionBoundaries++;
        compactedSinceMainTurn = true;
        return void c.otherLines++;
      }
      if (rec.type !== 'assistant') return void c.otherLines++;
      if (rec.isApiErrorMessage === true || message.model === '<synthetic>') return void c.errorLines++;
      const usage = objectOf(message.usage);
      if (!usage) return void c.otherLines++;
      const response = responseLine(message, usage, rec.requestId, [rec.timestamp]);
      if (typeof response === 'string') return this.bad.report(label, `line ${line}`, `message.usage.${response} is not a non-negative number`);
      const { id, model, final, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, timestampMs: ts } = response;
      const key = id ? `${id}\u0000${response.requestId}` : `${label}\u0000${line}`;
      if (this.counted.has(key)) return void c.copiedLines++;
      const role: Role = kind === 'compaction' ? 'compaction' : kind !== 'main' || sidechainRecord ? 'subagent' : 'main';
      const seen = pending.get(key);
      if (!seen && id) {
        // The same message under another requestId: a sidechain's replay when either copy is a sidechain's.
        const sidechain = role === 'subagent';
        const all = { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens } as Turn;
        const counted = this.countedIds.get(id);
        if (counted !== undefined && (sidechain || counted)) return this.dropReplay(key, all, 1);
        const otherKey = pendingById.get(id);
        const other = otherKey === undefined ? undefined : pending.get(otherKey);
        if (other && (sidechain || other.role === 'subagent')) {
          if (sidechain) return this.dropReplay(key, all, 1);
          // The parent's copy after its replay in the same file: keep the parent's.
          pending.delete(otherKey!);
          c.repeatedLines -= other.lines - 1;
          this.dropReplay(otherKey!, other.turn, other.lines);
        }
      }
      if (seen) {
        c.repeatedLines++;
        return addLine(seen, { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, final }, ts);
      }
      const run = kind === 'main' ? (sidechainRecord ? sidechainRun : 'main') : kind === 'compaction' ? `compaction:${fileAgent}` : `agent:${fileAgent}`;
      const afterCompaction = role === 'main' && compactedSinceMainTurn;
      if (role === 'main') compactedSinceMainTurn = false;
      pending.set(key, { run, role, id: id ?? '', lines: 1, turn: { model, inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens, startMs: ts, endMs: ts, line, final, afterCompaction } });
      if (id) pendingById.set(id, key);
    };

    c.lines += forEachLine(file, (text, line) => {
      if (text.trim() === '') return;
      const rec = parseObjectLine(text);
      if (rec) return take(rec, line);
      const glued = splitGluedObjects(text);
      if (!glued) return this.bad.report(label, `line ${line}`, 'is not a JSON object (malformed line)');
      c.gluedLines++;
      c.gluedRecords += glued.length;
      for (const r of glued) take(r, line);
    });
    c.malformedSkipped += this.bad.total - malformedBefore;
    if (kind === 'main') c.sidechainRuns += new Set([...pending.values()].filter((p) => p.role === 'subagent').map((p) => p.run)).size;
    if (!session) session = basename(file, '.jsonl');
    // Embedded responses read before the session id was known take it now.
    for (const e of this.embedded.values()) if (!e.session) e.session = session;
    this.finishFile(session, pending, false);
  }

  /** Counts the embedded responses of the group just read that no subagent file held. */
  private flushEmbedded(): void {
    if (this.embedded.size === 0) return;
    const bySession = new Map<string, Map<string, Pending>>();
    for (const [key, e] of this.embedded) {
      if (this.counted.has(key)) {
        this.counts.embeddedDuplicates++;
        continue;
      }
      this.counts.embeddedResponses++;
      addModelTotals(this.embeddedByModel, e.turn.model, e.turn);
      let into = bySession.get(e.session);
      if (!into) bySession.set(e.session, (into = new Map()));
      into.set(key, e);
    }
    this.embedded = new Map();
    for (const [session, pending] of bySession) this.finishFile(session, pending, true);
  }

  private finishFile(session: string, pending: Map<string, Pending>, embedded: boolean): void {
    const calls = new Map<string, AgentCall>();
    for (const [key, p] of pending) {
      this.counted.add(key);
      if (p.id) this.countedIds.set(p.id, (this.countedIds.get(p.id) ?? true) && p.role === 'subagent');
      this.counts.responses++;
      addModelTotals(this.byModel, p.turn.model, p.turn);
      const tier = this.tiers.tierOf(p.turn.model);
      const callKey = `${p.run}\u0000${tier ?? ''}`;
      let call = calls.get(callKey);
      if (!call) calls.set(callKey, (call = { session, run: p.run, role: p.role, tier, turns: [], embedded }));
      call.turns.push(p.turn);
    }
    for (const call of calls.values()) {
      call.turns.sort((a, b) => (a.startMs === b.startMs || Number.isNaN(a.startMs - b.startMs) ? a.line - b.line : a.startMs - b.startMs));
      this.onCall(call);
    }
  }
}
