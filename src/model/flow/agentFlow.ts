/**
 * The agents' flow (regimes `single` and `fanout`, configured by their modules): plan, schedule
 * subtasks over the dependency graph on up to N subagents, retry, escalate or hand over to a
 * person, and consolidate; the gate and the rework of what it or review caught are
 * ./agentRework's, which this class extends.
 */
import type { ChangeSpec } from '../change.js';
import type { WorkProfile } from '../compile.js';
import { anyOf, attemptWrongProbability, timeHorizonWrongProbability } from '../formulas.js';
import type { Regime } from '../regimes/index.js';
import { nonNegative } from './changeFlow.js';
import type { FlowContext } from './context.js';
import { READY, RUNNING } from './subtasks.js';
import { AgentSession } from './session.js';
import type { AttemptEvent } from './attemptEvents.js';
import { AgentReworkFlow, Phase } from './agentRework.js';
import { consolidateCall, orientationCall, planCall, workCall, type AgentFlowOptions } from './callShapes.js';
import { onOrchestratorGranted, onOrchestratorDone, onSubagentGranted, onAttemptDone, onTakeoverDone } from './agentEvents.js';
import { Role } from './tokenRoles.js';
import { callRow, EMPTY_STEP, shapeOf } from './traceRows.js';

export class AgentFlow extends AgentReworkFlow {
  private busy = 0;
  /** Subtask attempts running now (busy also counts slots awaiting a grant and takeovers). */
  private attemptsRunning = 0;
  private abandoning = '';
  /** Where each attempt's context starts (./session). */
  private readonly session: AgentSession;
  private readonly speculative: boolean;

  constructor(
    ctx: FlowContext,
    regime: Regime,
    spec: ChangeSpec,
    options: AgentFlowOptions,
  ) {
    super(ctx, regime, spec, options);
    this.record.singleShotTokens = spec.singleShotTokens(ctx.model);
    this.speculative = ctx.model.scenario.orchestration.policy === 'speculative';
    this.session = new AgentSession(options.keepsOneSession);
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
  protected dispatch(): void {
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
    const orientTokens = this.ctx.scratch.orientTokens;
    if (tracing) orientTokens.fill(0);
    const tierIndex = t.tier[i]!;
    const tier = m.tiers[tierIndex]!;
    const work: WorkProfile = m.kinds[spec.kind[i]!]!.work;
    const session = this.session;
    session.begin(m, spec, i, luck);
    let startContext = session.startContextTokens;
    let fresh = session.fresh;
    const orientationTurns = session.orientationTurns;
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
    const event = this.ctx.scratch.attemptEvents.take(this);
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
      this.ctx.scratch.attemptEvents.release(e);
      return this.continueOrAbandon();
    }
    this.session.ended(e.endContextTokens);
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
    this.ctx.scratch.attemptEvents.release(e); // read no further: the next attempt may take it
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
    this.redo(Phase.ConflictRework, conflicting);
  }

  private consolidate(): void {
    this.phase = Phase.Consolidate;
    this.requestAgent(onOrchestratorGranted);
  }
}
