/**
 * What the agents' flow (./agentFlow) does once its subtasks are built: the automated gate, the
 * rework of what the gate or review caught, and the revision for a reviewer's judgment calls; and
 * the agent-call plumbing both halves use (the agent cap, billing a call).
 */
import type { Simulation } from '../../engine/index.js';
import type { CallOutcome } from '../agentCall.js';
import type { ChangeSpec } from '../change.js';
import type { Regime } from '../regimes/index.js';
import { ChangeFlow, nonNegative } from './changeFlow.js';
import type { FlowContext } from './context.js';
import { READY, SubtaskTable } from './subtasks.js';
import { billedCall, revisionCall, type AgentFlowOptions, type CallRequest } from './callShapes.js';
import { onGateDone, onRevisionGranted, onRevisionDone } from './agentEvents.js';
import { billRole, Role } from './tokenRoles.js';
import { callRow, EMPTY_STEP } from './traceRows.js';

export const enum Phase {
  Plan,
  Build,
  /** One side of each conflicting pair of siblings is redone before consolidation. */
  ConflictRework,
  Consolidate,
  Gate,
  Rework,
  Review,
}

export abstract class AgentReworkFlow extends ChangeFlow {
  protected readonly subtasks: SubtaskTable;
  protected phase = Phase.Plan;
  /** Subtasks of the current build or rework not yet done. */
  protected pendingSubtasks = 0;
  private gateRun = 0;
  private gateStartedAt = 0;
  /** After review rework, go back to review (true) or to the gate (false). */
  private reworkForReview = false;
  /** Rework parts still running (subtask rework, revision call). */
  private reworkParts = 0;
  /** One agent at a time: the revision waits for the subtask rework. */
  private revisionAfterRework = false;

  constructor(
    ctx: FlowContext,
    regime: Regime,
    spec: ChangeSpec,
    protected readonly options: AgentFlowOptions,
  ) {
    super(ctx, regime, spec);
    this.subtasks = new SubtaskTable(spec, ctx.model, ctx.scratch.walk);
  }

  /** Start ready subtasks while fewer than N run (./agentFlow). */
  protected abstract dispatch(): void;

  protected requestAgent(granted: (sim: Simulation, flow: this) => void): void {
    if (this.ctx.agentCap) this.ctx.agentCap.request(granted, this);
    else granted(this.sim, this);
  }

  protected releaseAgent(): void {
    this.ctx.agentCap?.release();
  }

  /**
   * Tokens and time of one call, billed to the record, its tokens to `role`. The outcome is the
   * world's scratch (../flow/scratch): read it before the next call.
   */
  protected call(request: CallRequest, role: Role): CallOutcome {
    const out = billedCall(this.model, this.record, request, this.ctx.scratch.callOut);
    billRole(this.record, out, role);
    return out;
  }

  // ---- gate ----

  protected gate(): void {
    const g = this.model.scenario.failure.gate;
    if (!g.enabled || this.gateRun >= g.maxRuns) {
      this.phase = Phase.Review;
      return this.review();
    }
    this.phase = Phase.Gate;
    this.gateStartedAt = this.sim.now;
    this.atWork(+1);
    const hours = nonNegative(this.model.gateDurationHours.quantile(this.spec.luck.gateDuration(this.gateRun)));
    this.sim.schedule(hours, onGateDone, this);
  }

  gateDone(): void {
    this.atWork(-1);
    const run = this.gateRun++;
    this.record.gateRuns++;
    const p = this.model.scenario.failure.gate.catchProbability;
    const caught: number[] = [];
    for (let i = 0; i < this.defect.length; i++) if (this.defect[i] && this.spec.luck.gateCatch(i, run) < p) caught.push(i);
    this.record.failuresCaughtByGate += caught.length;
    if (this.ctx.tracer)
      this.trace({
        ...EMPTY_STEP,
        step: 'gate',
        attempt: run,
        startHours: this.gateStartedAt,
        endHours: this.sim.now,
        outcome: caught.length ? `caught:${caught.length}` : 'passed',
      });
    if (caught.length === 0) {
      this.machineVerified = true;
      this.phase = Phase.Review;
      return this.review();
    }
    this.machineVerified = false;
    this.reworkForReview = false;
    this.rework(caught);
  }

  // ---- rework by agents ----

  protected rework(subtasks: number[]): void {
    if (!this.reworkForReview) this.reworkParts = 1;
    this.redo(Phase.Rework, subtasks);
  }

  /** Subtasks done again in `phase` (rework, or one side of sibling conflicts): ready, their failures in a row cleared. */
  protected redo(phase: Phase, subtasks: readonly number[]): void {
    this.phase = phase;
    this.pendingSubtasks = subtasks.length;
    const t = this.subtasks;
    for (const i of subtasks) {
      t.state[i] = READY;
      t.failuresInRow[i] = 0;
    }
    this.dispatch();
  }

  /** One part of a rework (the subtasks' rework, or a revision call) is over. */
  protected afterRework(): void {
    if (this.isFinished) return;
    if (--this.reworkParts > 0) {
      if (this.revisionAfterRework) {
        this.revisionAfterRework = false;
        this.requestAgent(onRevisionGranted);
      }
      return;
    }
    // After review, agents' rework is a new version: through the gate again (unless switched off).
    if (this.reworkForReview && !this.model.scenario.failure.gate.afterReviewRework) {
      this.phase = Phase.Review;
      this.review();
    } else this.gate();
  }

  protected reworkAfterReview(found: number[], judgment: boolean): void {
    if (this.model.scenario.review.reworkBy === 'people') return this.peopleRework(found, judgment);
    this.reworkForReview = true;
    this.machineVerified = false; // a new version: only a gate run can verify it again
    this.reworkParts = (found.length > 0 ? 1 : 0) + (judgment ? 1 : 0);
    // A revision for the reviewer's judgment calls: one more agent call, in a fresh context. One
    // agent (width 1) does one thing at a time: the revision follows the subtask rework.
    this.revisionAfterRework = judgment && found.length > 0 && this.options.width === 1;
    if (judgment && !this.revisionAfterRework) this.requestAgent(onRevisionGranted);
    if (found.length > 0) this.rework(found);
  }

  revisionGranted(): void {
    const m = this.model;
    const round = this.reviewRound - 1;
    this.atWork(+1);
    const out = this.call(revisionCall(m, this.spec, round), Role.Revision);
    if (this.ctx.tracer) this.trace(callRow('attempt', -1, round, m.tiers[m.revisionTier]!.name, this.sim.now, out.hours, out.tokens, null, 'revision'));
    this.sim.schedule(out.hours, onRevisionDone, this);
  }

  revisionDone(): void {
    this.releaseAgent();
    this.atWork(-1);
    this.afterRework();
  }
}
