/**
 * The agents' flow (regimes `single` and `fanout`, configured by their modules): plan, schedule
 * subtasks over the dependency graph on up to N subagents, retry, escalate or hand over to a
 * person, consolidate, run the gate, and rework what the gate or review caught.
 */
import type { Simulation } from '../../engine/index.js';
import { CallOutcome } from '../agentCall.js';
import type { ChangeSpec } from '../change.js';
import type { WorkProfile } from '../compile.js';
import { anyOf, attemptWrongProbability } from '../formulas.js';
import type { Regime } from '../regimes/index.js';
import { ChangeFlow, nonNegative } from './changeFlow.js';
import type { FlowContext } from './context.js';
import { READY, RUNNING, SubtaskTable, WAITING } from './subtasks.js';
import { releaseAttemptEvent, takeAttemptEvent, type AttemptEvent } from './attemptEvents.js';
import { billedCall, consolidateCall, orientationCall, planCall, revisionCall, workCall, type AgentFlowOptions, type CallRequest } from './callShapes.js';
import { callRow, EMPTY_STEP } from './traceRows.js';

const enum Phase {
  Plan,
  Build,
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
  private pendingSubtasks = 0;
  private abandoning = '';
  private gateRun = 0;
  private gateStartedAt = 0;
  /** After review rework, go back to review (true) or to the gate (false). */
  private reworkForReview = false;
  /** Rework parts still running (subtask rework, revision call). */
  private reworkParts = 0;
  private sessionStarted = false;
  private carriedContextTokens = 0;

  constructor(
    ctx: FlowContext,
    regime: Regime,
    spec: ChangeSpec,
    private readonly options: AgentFlowOptions,
  ) {
    super(ctx, regime, spec);
    this.subtasks = new SubtaskTable(spec, ctx.model);
  }

  start(): void {
    this.record.arrivalHours = this.sim.now;
    this.superviseAgents();
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

  /** Tokens and time of one call, billed to the record. */
  private call(request: CallRequest): CallOutcome {
    return billedCall(this.model, this.record, request, callOut);
  }

  /** The orchestrator's plan or consolidation call (the phase says which). */
  orchestratorGranted(): void {
    const m = this.model;
    const plan = this.phase === Phase.Plan;
    let subagentOutput = 0;
    if (!plan) for (let i = 0; i < this.spec.subtaskCount; i++) subagentOutput += this.subtasks.finalOutput[i]!;
    const out = this.call(plan ? planCall(m, this.spec) : consolidateCall(m, this.spec, subagentOutput, this.record.siblingConflicts));
    if (this.ctx.tracer)
      this.trace(callRow(plan ? 'plan' : 'consolidate', -1, -1, m.tiers[m.orchestratorTier]!.name, this.sim.now, out.hours, out.tokens, null, ''));
    this.sim.schedule(out.hours, onOrchestratorDone, this);
  }

  orchestratorDone(): void {
    this.releaseAgent();
    if (this.phase === Phase.Plan) this.beginBuild();
    else this.gate();
  }

  // ---- building the subtasks over the graph ----

  private beginBuild(): void {
    this.phase = Phase.Build;
    const speculative = this.model.scenario.orchestration.policy === 'speculative';
    const n = this.spec.subtaskCount;
    const t = this.subtasks;
    this.pendingSubtasks = n;
    for (let i = 0; i < n; i++) if (speculative || t.unfinishedPreds[i] === 0) t.state[i] = READY;
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
    if (orientationTurns > 0) {
      // Orientation is its own stretch of turns, whose file reads grow the context the work then re-reads.
      const orient = this.call(orientationCall(m, luck, tierIndex, orientationTurns, startContext, fresh));
      this.record.agentCalls--; // one call, in two stretches
      orientHours = orient.hours;
      if (tracing) orientTokens.set(orient.tokens);
      startContext = orient.endContextTokens;
      fresh = false;
    }
    const out = this.call(workCall(m, luck, work, tierIndex, startContext, fresh));
    this.record.attempts++;
    const event = takeAttemptEvent(this);
    event.subtask = i;
    event.attempt = k;
    event.tier = tierIndex;
    event.startHours = this.sim.now;
    event.hours = orientHours + out.hours;
    event.outputTokens = out.outputTokens;
    event.endContextTokens = out.endContextTokens;
    event.unfinishedPredsAtStart = t.unfinishedPreds[i]!;
    event.row = undefined;
    if (tracing)
      event.row = {
        regime: this.regime,
        change: spec.index,
        ...callRow('attempt', i, k, tier.name, this.sim.now, event.hours, out.tokens, orientTokens, ''),
      };
    this.sim.schedule(event.hours, onAttemptDone, event);
  }

  attemptDone(e: AttemptEvent<AgentFlow>): void {
    this.releaseAgent();
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
    const wrong = luck.wrong < attemptWrongProbability(m.tiers[e.tier]!.wrongProbability, kind.difficulty);
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
      const unfinished = e.unfinishedPredsAtStart;
      if (
        this.phase === Phase.Build &&
        unfinished > 0 &&
        spec.luck.subtask(i).speculativeConflict < anyOf(m.scenario.failure.speculativeConflictProbability, unfinished)
      ) {
        // Started before its predecessors finished, and their work invalidated it: redo after them.
        this.record.speculativeConflicts++;
        outcome = 'speculative_conflict';
        t.failuresInRow[i] = 0;
        // Ready again now, or (WAITING) when its last predecessor finishes.
        t.state[i] = t.unfinishedPreds[i] === 0 ? READY : WAITING;
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
    const now = this.sim.now;
    const end = this.model.peopleCalendar.addWorkingHours(now, hours);
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'takeover', subtask: i, startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onTakeoverDone, { flow: this, subtask: i });
  }

  takeoverDone(i: number): void {
    this.busy--;
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
      else if (this.phase === Phase.Rework) this.afterRework();
    }
  }

  private afterBuild(): void {
    if (!this.options.consolidates) return this.gate();
    // Siblings whose final attempts overlapped in time may have touched shared code.
    const n = this.spec.subtaskCount;
    const p = this.model.scenario.failure.siblingConflictProbability;
    if (p > 0 && this.options.width > 1) {
      for (let i = 0; i < n; i++) {
        const overlaps = this.subtasks.overlapsOf(i);
        if (overlaps > 0 && this.spec.luck.subtask(i).siblingConflict < anyOf(p, overlaps)) this.record.siblingConflicts++;
      }
    }
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
    const hours = nonNegative(this.model.gateDurationHours.quantile(this.spec.luck.gateDuration(this.gateRun)));
    this.sim.schedule(hours, onGateDone, this);
  }

  gateDone(): void {
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
    if (--this.reworkParts > 0 || this.isFinished) return;
    if (this.reworkForReview) {
      this.phase = Phase.Review;
      this.review();
    } else this.gate();
  }

  protected reworkAfterReview(found: number[], judgment: boolean): void {
    if (this.model.scenario.review.reworkBy === 'people') return this.peopleRework(found, judgment);
    this.reworkForReview = true;
    this.superviseAgents();
    this.reworkParts = (found.length > 0 ? 1 : 0) + (judgment ? 1 : 0);
    // A revision for the reviewer's judgment calls: one more agent call, in a fresh context.
    if (judgment) this.requestAgent(onRevisionGranted);
    if (found.length > 0) this.rework(found);
  }

  revisionGranted(): void {
    const m = this.model;
    const round = this.reviewRound - 1;
    const out = this.call(revisionCall(m, this.spec, round));
    if (this.ctx.tracer) this.trace(callRow('attempt', -1, round, m.tiers[m.revisionTier]!.name, this.sim.now, out.hours, out.tokens, null, 'revision'));
    this.sim.schedule(out.hours, onRevisionDone, this);
  }

  revisionDone(): void {
    this.releaseAgent();
    this.afterRework();
  }
}

function onOrchestratorGranted(_sim: Simulation, flow: AgentFlow): void {
  flow.orchestratorGranted();
}
function onOrchestratorDone(_sim: Simulation, flow: AgentFlow): void {
  flow.orchestratorDone();
}
function onSubagentGranted(_sim: Simulation, data: { flow: AgentFlow; subtask: number }): void {
  data.flow.attemptGranted(data.subtask);
}
function onAttemptDone(_sim: Simulation, e: AttemptEvent<AgentFlow>): void {
  e.flow.attemptDone(e);
}
function onTakeoverDone(_sim: Simulation, data: { flow: AgentFlow; subtask: number }): void {
  data.flow.takeoverDone(data.subtask);
}
function onGateDone(_sim: Simulation, flow: AgentFlow): void {
  flow.gateDone();
}
function onRevisionGranted(_sim: Simulation, flow: AgentFlow): void {
  flow.revisionGranted();
}
function onRevisionDone(_sim: Simulation, flow: AgentFlow): void {
  flow.revisionDone();
}
