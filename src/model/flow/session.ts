/**
 * Where an agent's attempt starts reading from: a fresh subagent per subtask (its own briefing and
 * orientation every time: the multi-agent token premium comes from here), or one agent's single
 * session carried from subtask to subtask (orientation once, then what compaction kept).
 */
import type { ChangeSpec } from '../change.js';
import type { CompiledModel } from '../compile.js';
import type { AttemptLuck } from '../luck.js';
import { nonNegative } from './changeFlow.js';

export class AgentSession {
  private started = false;
  /** One session: the context the latest attempt ended with (compaction carries part of it on). */
  carriedContextTokens = 0;
  /** The attempt being started (set by begin()): its start context, and whether it is fresh... */
  startContextTokens = 0;
  fresh = true;
  /** ...and its orientation turns before the work (0: none). */
  orientationTurns = 0;

  constructor(private readonly keepsOneSession: boolean) {}

  /** The start of subtask i's attempt with luck `luck`: read startContextTokens, fresh and orientationTurns. */
  begin(m: CompiledModel, spec: ChangeSpec, i: number, luck: AttemptLuck): void {
    this.startContextTokens = spec.baseContextTokens;
    this.fresh = true;
    this.orientationTurns = 0;
    if (this.keepsOneSession) {
      // One session: orientation once, then each subtask starts from what compaction kept.
      if (this.started) {
        this.fresh = false;
        this.startContextTokens += Math.min(this.carriedContextTokens, m.scenario.agents.singleSessionCarryCapTokens);
      } else this.orientationTurns = Math.round(nonNegative(luck.orientationTurns(m.orientation.turns)));
      this.started = true;
    } else {
      this.startContextTokens += spec.briefingTokens[i]!;
      this.orientationTurns = Math.round(nonNegative(luck.orientationTurns(m.orientation.turns)));
    }
  }

  /** An attempt ended with `endContextTokens` in its context. */
  ended(endContextTokens: number): void {
    if (this.keepsOneSession) this.carriedContextTokens = endContextTokens;
  }
}
