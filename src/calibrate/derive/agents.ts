/**
 * From Claude Code agent runs to the observations calibration fits, per tier and role (main
 * session or subagent). A turn is one deduplicated response. Per turn t of a run:
 * - context_t = input + cache write + cache read tokens (everything the request read);
 * - growth_t = context_{t+1} − context_t − output_t: what the turn appended besides its own
 *   output (tool results), the scenario's contextGrowthPerTurn; a compaction makes it negative
 *   (counted, not fitted);
 * - seconds_t = start_{t+1} − start_t from the timestamps: the scenario's whole turn (time to
 *   first token + output / speed + tool seconds).
 * A turn whose output count was never final (a streaming placeholder, read/claudeCode.ts) is
 * counted apart: its output is not an output per turn, and its seconds are not split into
 * generation and tool time. A compaction (a compaction call, or a reset marked in the main file)
 * is counted, never a subagent run.
 * Per session: how many subagent runs it started, and the most that ran at once.
 */
import { Growable } from '../growable.js';
import type { AgentCall } from '../read/claudeCode.js';
import { isPlaceholder, type Role } from '../read/claudeCodeRecord.js';

export interface TokenSums {
  inputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
}

export const emptyTokens = (): TokenSums => ({ inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0 });

export function addTokens(into: TokenSums, t: TokenSums): void {
  into.inputTokens += t.inputTokens;
  into.cacheWriteTokens += t.cacheWriteTokens;
  into.cacheReadTokens += t.cacheReadTokens;
  into.outputTokens += t.outputTokens;
}

/** Share of re-read context served from the cache: cache read / (cache read + uncached input). */
export function cacheHitShare(t: TokenSums): number {
  const reread = t.cacheReadTokens + t.inputTokens;
  return reread > 0 ? t.cacheReadTokens / reread : NaN;
}

export class TierRoleStats {
  runs = 0;
  readonly turnsPerRun = new Growable();
  /** Output of every turn, and of the turns whose count is final (no placeholder). */
  readonly outputPerTurn = new Growable();
  readonly finalOutputPerTurn = new Growable();
  /** Turns whose output count was never final (streaming placeholders). */
  placeholders = 0;
  /** Turn pairs with a compaction between them (no growth measured). */
  compactions = 0;
  readonly growthPerTurn = new Growable();
  nonPositiveGrowth = 0;
  readonly secondsPerTurn = new Growable();
  /** Output tokens of the turn each secondsPerTurn value measures (to take generation time out; NaN for a placeholder). */
  readonly secondsTurnOutput = new Growable();
  readonly startContext = new Growable();
  readonly tokens = emptyTokens();

  constructor(
    readonly tier: string | undefined,
    readonly role: Role,
  ) {}

  add(call: AgentCall): void {
    this.runs++;
    const turns = call.turns;
    this.turnsPerRun.push(turns.length);
    for (let i = 0; i < turns.length; i++) {
      const t = turns[i]!;
      addTokens(this.tokens, t);
      this.outputPerTurn.push(t.outputTokens);
      const placeholder = isPlaceholder(t);
      if (placeholder) this.placeholders++;
      else this.finalOutputPerTurn.push(t.outputTokens);
      const context = t.inputTokens + t.cacheWriteTokens + t.cacheReadTokens;
      if (i === 0) this.startContext.push(context);
      const next = turns[i + 1];
      if (!next) continue;
      if (next.afterCompaction) {
        this.compactions++;
        continue;
      }
      const seconds = (next.startMs - t.startMs) / 1000;
      if (seconds > 0) {
        this.secondsPerTurn.push(seconds);
        this.secondsTurnOutput.push(placeholder ? Number.NaN : t.outputTokens);
      }
      // A placeholder's true output is in the next context but not in its count: no growth from it.
      if (placeholder) continue;
      const growth = next.inputTokens + next.cacheWriteTokens + next.cacheReadTokens - context - t.outputTokens;
      if (growth > 0) this.growthPerTurn.push(growth);
      else this.nonPositiveGrowth++;
    }
  }
}

interface SessionStats {
  main: boolean;
  /** Compaction calls (agent-acompact files). */
  compactions: number;
  /** Subagent runs: earliest start, latest end (ms). */
  runs: Map<string, [number, number]>;
  /** Subagent turns, and of them those whose output count is final with their output. */
  turns: number;
  finalTurns: number;
  finalOutputTokens: number;
  /** Seconds from one subagent turn's start to the next's, summed, and how many. */
  turnSeconds: number;
  turnGaps: number;
}

/** Most intervals open at once (an interval ending when another starts does not overlap it). */
export function peakConcurrency(spans: Iterable<[number, number]>): number {
  const events: [number, number][] = [];
  for (const [a, b] of spans) if (Number.isFinite(a) && Number.isFinite(b)) events.push([a, 1], [b, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (open += d));
  return peak;
}

export class AgentStats {
  readonly byTierRole = new Map<string, TierRoleStats>();
  readonly totals = emptyTokens();
  private readonly sessions = new Map<string, SessionStats>();

  add(call: AgentCall): void {
    const key = `${call.tier ?? ''}\u0000${call.role}`;
    let stats = this.byTierRole.get(key);
    if (!stats) this.byTierRole.set(key, (stats = new TierRoleStats(call.tier, call.role)));
    stats.add(call);
    for (const t of call.turns) addTokens(this.totals, t);
    let s = this.sessions.get(call.session);
    if (!s) this.sessions.set(call.session, (s = { main: false, compactions: 0, runs: new Map(), turns: 0, finalTurns: 0, finalOutputTokens: 0, turnSeconds: 0, turnGaps: 0 }));
    if (call.role === 'compaction') {
      s.compactions++;
      return;
    }
    if (call.role === 'main') {
      s.main = true;
      return;
    }
    const turns = call.turns;
    s.turns += turns.length;
    for (let i = 0; i < turns.length; i++) {
      const t = turns[i]!;
      if (!isPlaceholder(t)) {
        s.finalTurns++;
        s.finalOutputTokens += t.outputTokens;
      }
      const next = turns[i + 1];
      const seconds = next && !next.afterCompaction ? (next.startMs - t.startMs) / 1000 : Number.NaN;
      if (seconds > 0) {
        s.turnSeconds += seconds;
        s.turnGaps++;
      }
    }
    const first = call.turns[0]!.startMs;
    let last = -Infinity;
    for (const t of call.turns) last = Math.max(last, Number.isNaN(t.endMs) ? -Infinity : t.endMs);
    const span = s.runs.get(call.run);
    if (span) s.runs.set(call.run, [Math.min(span[0], first), Math.max(span[1], last)]);
    else s.runs.set(call.run, [first, last]);
  }

  stats(tier: string | undefined, role: Role): TierRoleStats | undefined {
    return this.byTierRole.get(`${tier ?? ''}\u0000${role}`);
  }

  /** Per session: subagent runs started, the most running at once, and compaction calls. */
  sessionFigures(): { sessions: number; subagentsPerSession: Float64Array; peakPerSession: Float64Array; compactionsPerSession: Float64Array } {
    const subagents = new Growable();
    const peaks = new Growable();
    const compactions = new Growable();
    for (const s of this.sessions.values()) {
      subagents.push(s.runs.size);
      compactions.push(s.compactions);
      if (s.runs.size > 0) peaks.push(Math.max(1, peakConcurrency(s.runs.values())));
    }
    return { sessions: this.sessions.size, subagentsPerSession: subagents.values(), peakPerSession: peaks.values(), compactionsPerSession: compactions.values() };
  }

  /**
   * Per session with subagents (a session is one change), the means a run is compared on:
   * turns per subagent run, output tokens per subagent turn (final counts only; NaN where none),
   * seconds from one subagent turn's start to the next's (NaN where no run has two turns).
   */
  sessionMeans(): { turnsPerRun: Float64Array; outputPerTurn: Float64Array; secondsPerTurn: Float64Array } {
    const turnsPerRun = new Growable();
    const outputPerTurn = new Growable();
    const secondsPerTurn = new Growable();
    for (const s of this.sessions.values()) {
      if (s.runs.size === 0) continue;
      turnsPerRun.push(s.turns / s.runs.size);
      if (s.finalTurns > 0) outputPerTurn.push(s.finalOutputTokens / s.finalTurns);
      if (s.turnGaps > 0) secondsPerTurn.push(s.turnSeconds / s.turnGaps);
    }
    return { turnsPerRun: turnsPerRun.values(), outputPerTurn: outputPerTurn.values(), secondsPerTurn: secondsPerTurn.values() };
  }

  /** Per tier and role: the share of turns whose output count was never final. */
  placeholderShare(tier: string | undefined, role: Role): { placeholders: number; turns: number; share: number } {
    const s = this.stats(tier, role);
    const turns = s?.outputPerTurn.length ?? 0;
    const placeholders = s?.placeholders ?? 0;
    return { placeholders, turns, share: turns > 0 ? placeholders / turns : 0 };
  }
}
