/**
 * The agents' flow (regimes `single` and `fanout`, configured by their modules): plan, schedule
 * subtasks over the dependency graph on up to N subagents, retry, escalate or hand over to a
 * person, consolidate, run the gate, and rework what the gate or review caught.
 */
import type { Simulation } from '../../engine/index.js';
import { singleShotTokens } from '../singleShot.js';
import { CallOutcome } from '../agentCall.js';
import type { ChangeSpec } from '../change.js';
import type { WorkProfile } from '../compile.js';
import { anyOf, attemptWrongProbability, timeHorizonWrongProbability } from '../formulas.js';
import type { Regime } from '../regimes/index.js';
import { ChangeFlow, nonNegative } from './changeFlow.js';
import type { FlowContext } from './context.js';
import { READY, RUNNING, SubtaskTable } from './subtasks.js';
import { releaseAttemptEvent, takeAttemptEvent, type AttemptEvent } from './attemptEvents.js';
import { billedCall, consolidateCall, orientationCall, planCall, revisionCall, workCall, type AgentFlowOptions, type CallRequest } from './callShapes.js';
import {
  onOrchestratorGranted,
  onOrchestratorDone,
  onSubagentGranted,
  onAttemptDone,
  onTakeoverDone,
  onGateDone,
  onRevisionGranted,
  onRevisionDone,
} from './agentEvents.js';
import { billRole, Role } from './tokenRoles.js';
import { callRow, EMPTY_STEP, shapeOf } from './traceRows.js';

const enum Phase {
  Plan,
  Build,
  /** One side of each conflicting pair of siblings is redone before consolidation. */
  ConflictRework,
  Consolidate,
  Gate,
  Rework,
  Review,
}

const callOut = new CallOutcome();
/** The orientation stretch's tokens, for the trace only. */
const orientTokens = new Float64Array(4);

export class AgentFlow extends ChangeFlow {
  private readonly subtasks: SubtaskTable;
  private phase = Phase.Plan;
  private busy = 0;
  /** Subtask attempts running now (busy also counts slots awaiting a grant and takeovers). */
  private attemptsRunning = 0;
  private pendingSubtasks = 0;
  private abandoning = '';
  private gateRun = 0;
  private gateStartedAt = 0;
  /** After review rework, go back to review (true) or to the gate (false). */
  private reworkForReview = false;
  /** Rework parts still running (subtask rework, revision call). */
  private reworkParts = 0;
  /** One agent at a time: the revision waits for the subtask rework. */
  private revisionAfterRework = false;
  private sessionStarted = false;
  private carriedContextTokens = 0;
  private readonly speculative: boolean;

  constructor(
    ctx: FlowContext,
    regime: Regime,
    spec: ChangeSpec,
    private readonly options: AgentFlowOptions,
  ) {
    super(ctx, regime, spec);
    this.subtasks = new SubtaskTable(spec, ctx.model);
    this.record.singleShotTokens = singleShotTokens(ctx.model, spec);
    this.speculative = ctx.model.scenario.orchestration.policy === 'speculative';
  }

  start(): void {
    this.record.arrivalHours = this.sim.now;
    // Someone specifies the change and writes the brief the agents start from.
    this.peopleTimeWithAgents(this.model.scenario.people.specifyHours);
    if (this.options.plans) {
      this.phase = Phase.Plan;
      this.requestAgent(onOrchestratorGranted);
    } else this.beginBuild();
  }

  // ---- agent calls ----

  private requestAgent(granted: (sim: Simulation, flow: AgentFlow) => void): void {
    if (this.ctx.agentCap) this.ctx.agentCap.request(granted, this);
    else granted(this.sim, this);
  }

  private releaseAgent(): void {
    this.ctx.agentCap?.release();
  }

  /** Tokens and time of one call, billed to the record, its tokens to `role`. */
  private call(request: CallRequest, role: Role): CallOutcome {
    const out = billedCall(this.model, this.record, request, callOut);
    billRole(this.record, out, role);
    return out;
  }

  /** The orchestrator's plan or consolidation call (the phase says which). */
  orchestratorGranted(): void {
    const m = this.model;
    const plan = this.phase === Phase.Plan;
    let subagentOutput = 0;
    if (!plan) for (let i = 0; i < this.spec.subtaskCount; i++) subagentOutput += this.subtasks.finalOutput[i]!;
    this.atWork(+1);
    const request = plan ? planCall(m, this.spec) : consolidateCall(m, this.spec, subagentOutput, this.record.siblingConflicts);
    const out = this.call(request, plan ? Role.Plan : Role.Consolidate);
    if (this.ctx.tracer)
      this.trace({ ...callRow(plan ? 'plan' : 'consolidate', -1, -1, m.tiers[m.orchestratorTier]!.name, this.sim.now, out.hours, out.tokens, null, ''), shape: shapeOf(request) });
    this.sim.schedule(out.hours, onOrchestratorDone, this);
  }

  orchestratorDone(): void {
    this.releaseAgent();
    this.atWork(-1);
    if (this.phase === Phase.Plan) {
      // Someone reads the plan the subagents will follow.
      this.peopleTimeWithAgents(this.model.scenario.people.planReadHours);
      this.beginBuild();
    } else this.gate();
  }

  // ---- building the subtasks over the graph ----

  private beginBuild(): void {
    this.phase = Phase.Build;
    const n = this.spec.subtaskCount;
    const t = this.subtasks;
    this.pendingSubtasks = n;
    for (let i = 0; i < n; i++) if (this.speculative || t.unfinishedPreds[i] === 0) t.state[i] = READY;
    this.dispatch();
  }

  /** Start ready subtasks, lowest index (a topological order) first, while fewer than N run. */
  private dispatch(): void {
    if (this.abandoning) return;
    const n = this.spec.subtaskCount;
    const state = this.subtasks.state;
    for (let i = 0; i < n && this.busy < this.options.width; i++) {
      if (state[i] !== READY) continue;
      state[i] = RUNNING;
      this.busy++;
      if (this.ctx.agentCap) this.ctx.agentCap.request(onSubagentGranted, { flow: this, subtask: i });
      else this.attemptGranted(i);
    }
  }

  attemptGranted(i: number): void {
    if (this.abandoning) {
      // Granted a slot after the change was given up: hand it back unused.
      this.releaseAgent();
      if (--this.busy === 0) this.abandon(this.abandoning);
      return;
    }
    const m = this.model;
    const spec = this.spec;
    const t = this.subtasks;
    const k = t.attemptCount[i]!++;
    const luck = spec.luck.attempt(i, k);
    this.atWork(+1);
    let orientHours = 0;
    // orientTokens only feeds the trace: off the hot path otherwise.
    const tracing = this.ctx.tracer !== null;
    if (tracing) orientTokens.fill(0);
    const tierIndex = t.tier[i]!;
    const tier = m.tiers[tierIndex]!;
    const work: WorkProfile = m.kinds[spec.kind[i]!]!.work;
    let startContext = spec.baseContextTokens;
    let fresh = true;
    let orientationTurns = 0;
    if (this.options.keepsOneSession) {
      // One session: orientation once, then each subtask starts from what compaction kept.
      if (this.sessionStarted) {
        fresh = false;
        startContext += Math.min(this.carriedContextTokens, m.scenario.agents.singleSessionCarryCapTokens);
      } else orientationTurns = Math.round(nonNegative(luck.orientationTurns(m.orientation.turns)));
      this.sessionStarted = true;
    } else {
      startContext += spec.briefingTokens[i]!;
      orientationTurns = Math.round(nonNegative(luck.orientationTurns(m.orientation.turns)));
    }
    let orientOutput = 0;
    if (orientationTurns > 0) {
      // Orientation is its own stretch of turns, whose file reads grow the context the work then re-reads.
      const orient = this.call(orientationCall(m, luck, tierIndex, orientationTurns, startContext, fresh), k === 0 ? Role.Context : Role.Retry);
      this.record.agentCalls--; // one call, in two stretches
      orientHours = orient.hours;
      orientOutput = orient.outputTokens;
      if (tracing) orientTokens.set(orient.tokens);
      startContext = orient.endContextTokens;
      fresh = false;
    }
    const request = workCall(m, luck, work, tierIndex, startContext, fresh);
    const out = this.call(request, k === 0 ? Role.Work : Role.Retry);
    const record = this.record;
    record.attempts++;
    record.subagentTurns += orientationTurns + request.turns;
    record.subagentOutputTokens += orientOutput + out.outputTokens;
    record.subagentHours += orientHours + out.hours;
    if (++this.attemptsRunning > record.subagentsAtOnce) record.subagentsAtOnce = this.attemptsRunning;
    const event = takeAttemptEvent(this);
    event.subtask = i;
    event.attempt = k;
    event.tier = tierIndex;
    event.startHours = this.sim.now;
    event.hours = orientHours + out.hours;
    event.outputTokens = out.outputTokens;
    event.endContextTokens = out.endContextTokens;
    // Under a speculative policy, every unfinished ancestor (not only the direct predecessors) may invalidate it.
    // (Respecting dependencies, a subtask starts only once all its ancestors are done.)
    event.unfinishedAncestorsAtStart = this.phase === Phase.Build && this.speculative ? t.unfinishedAncestors(i, spec) : 0;
    event.row = undefined;
    if (tracing)
      event.row = {
        regime: this.regime,
        change: spec.index,
        ...callRow('attempt', i, k, tier.name, this.sim.now, event.hours, out.tokens, orientTokens, ''),
        shape: orientationTurns > 0 ? undefined : shapeOf(request),
      };
    this.sim.schedule(event.hours, onAttemptDone, event);
  }

  attemptDone(e: AttemptEvent<AgentFlow>): void {
    this.attemptsRunning--;
    this.releaseAgent();
    this.atWork(-1);
    this.busy--;
    const i = e.subtask;
    const m = this.model;
    const spec = this.spec;
    const t = this.subtasks;
    const row = e.row;
    if (this.abandoning) {
      if (row) this.ctx.tracer!({ ...row, outcome: 'discarded' });
      releaseAttemptEvent(e);
      return this.continueOrAbandon();
    }
    if (this.options.keepsOneSession) this.carriedContextTokens = e.endContextTokens;
    const kind = m.kinds[spec.kind[i]!]!;
    const luck = spec.luck.attempt(i, e.attempt);
    const wrong = luck.wrong < this.wrongProbability(e.tier, kind.difficulty, i);
    const caught = wrong && luck.selfCatch < kind.verifiability;
    let outcome: string;
    if (caught) {
      this.record.failuresCaughtByAgents++;
      t.failuresInRow[i]!++;
      t.tier[i] = m.escalatesTo[e.tier]!;
      if (t.failuresInRow[i]! < m.scenario.failure.maxAttempts) {
        outcome = 'failed_retry';
        t.state[i] = READY;
      } else if (m.scenario.failure.onExhausted === 'abandon') {
        outcome = 'failed_abandon';
        this.abandoning = 'attempts';
      } else {
        outcome = 'failed_takeover';
        this.takeover(i);
      }
    } else {
      const unfinished = e.unfinishedAncestorsAtStart;
      if (
        this.phase === Phase.Build &&
        unfinished > 0 &&
        spec.luck.subtask(i).speculativeConflict < anyOf(m.scenario.failure.speculativeConflictProbability, unfinished)
      ) {
        // Started before its predecessors finished, and their work invalidated it: redo after them.
        this.record.speculativeConflicts++;
        outcome = 'speculative_conflict';
        t.failuresInRow[i] = 0;
        // Redone once every ancestor it started ahead of has finished.
        t.waitForAncestors(i, spec);
      } else {
        outcome = wrong ? 'done_with_defect' : 'done';
        this.defect[i] = wrong ? 1 : 0;
        t.finalStart[i] = e.startHours;
        t.finalEnd[i] = this.sim.now;
        t.finalOutput[i] = e.outputTokens;
        this.subtaskDone(i);
      }
    }
    if (row) this.ctx.tracer!({ ...row, outcome });
    releaseAttemptEvent(e); // read no further: the next attempt may take it
    this.continueOrAbandon();
  }

  /** After a slot frees up: start more work, or, once the change is given up, end it when idle. */
  private continueOrAbandon(): void {
    if (!this.abandoning) this.dispatch();
    else if (this.busy === 0) this.abandon(this.abandoning);
  }

  /** Attempts ran out: an engineer does the subtask by hand, on working hours. */
  private takeover(i: number): void {
    const hours = this.spec.humanHours[i]!;
    this.record.takeovers++;
    this.record.authoringHours += hours;
    this.busy++; // the slot stays taken while the person works
    this.atWork(0, +1);
    const now = this.sim.now;
    const end = this.model.peopleCalendar.addWorkingHours(now, hours);
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'takeover', subtask: i, startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onTakeoverDone, { flow: this, subtask: i });
  }

  takeoverDone(i: number): void {
    this.busy--;
    this.atWork(0, -1);
    const t = this.subtasks;
    this.defect[i] = this.spec.luck.subtask(i).humanDefect < this.model.scenario.people.humanDefectProbability ? 1 : 0;
    t.finalStart[i] = t.finalEnd[i] = this.sim.now;
    t.finalOutput[i] = 0;
    this.subtaskDone(i);
    this.continueOrAbandon();
  }

  private subtaskDone(i: number): void {
    this.subtasks.markDone(i, this.spec, this.phase === Phase.Build);
    if (--this.pendingSubtasks === 0) {
      if (this.phase === Phase.Build) this.afterBuild();
      else if (this.phase === Phase.ConflictRework) this.consolidate();
      else if (this.phase === Phase.Rework) this.afterRework();
    }
  }

  /** The attempt's wrong probability, on tier `tier`, by the scenario's failure model. */
  private wrongProbability(tier: number, difficulty: number, i: number): number {
    const t = this.model.tiers[tier]!;
    return this.model.scenario.failure.model === 'time-horizon'
      ? timeHorizonWrongProbability(this.spec.humanHours[i]! * difficulty, t.horizonHours, t.horizonSlopePerDoubling)
      : attemptWrongProbability(t.wrongProbability, difficulty);
  }

  private afterBuild(): void {
    if (!this.options.consolidates) return this.gate();
    // Siblings whose final attempts overlapped in time may have touched shared code.
    const n = this.spec.subtaskCount;
    const p = this.model.scenario.failure.siblingConflictProbability;
    const conflicting: number[] = [];
    if (p > 0 && this.options.width > 1) {
      for (let i = 0; i < n; i++) {
        const overlaps = this.subtasks.overlapsOf(i);
        if (overlaps > 0 && this.spec.luck.subtask(i).siblingConflict < anyOf(p, overlaps)) conflicting.push(i);
      }
    }
    this.record.siblingConflicts += conflicting.length;
    if (conflicting.length === 0) return this.consolidate();
    // One side of each conflict is redone by an agent (tokens and time), then consolidated.
    this.phase = Phase.ConflictRework;
    this.pendingSubtasks = conflicting.length;
    const t = this.subtasks;
    for (const i of conflicting) {
      t.state[i] = READY;
      t.failuresInRow[i] = 0;
    }
    this.dispatch();
  }

  private consolidate(): void {
    this.phase = Phase.Consolidate;
    this.requestAgent(onOrchestratorGranted);
  }

  // ---- gate ----

  private gate(): void {
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

  private rework(subtasks: number[]): void {
    this.phase = Phase.Rework;
    if (!this.reworkForReview) this.reworkParts = 1;
    this.pendingSubtasks = subtasks.length;
    const t = this.subtasks;
    for (const i of subtasks) {
      t.state[i] = READY;
      t.failuresInRow[i] = 0;
    }
    this.dispatch();
  }

  /** One part of a rework (the subtasks' rework, or a revision call) is over. */
  private afterRework(): void {
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
