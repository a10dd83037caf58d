/**
 * The life of one change under one regime, as a state machine on the kernel's events.
 *
 * ChangeFlow holds what every regime shares: the review queue, rounds of requested changes,
 * merge or abandonment, and the bill. AgentFlow (regimes `single` and `fanout`) plans, schedules
 * subtasks over the dependency graph on up to N subagents, retries, escalates, consolidates and
 * runs the gate. HumanFlow has an engineer author the change on working hours.
 */
import type { Resource, Simulation } from '../engine/index.js';
import { agentCall, CallOutcome, type CallShape } from './agentCall.js';
import {
  A_GROWTH,
  A_ORIENT_GROWTH,
  A_ORIENT_OUTPUT,
  A_ORIENT_TOOL,
  A_ORIENT_TURNS,
  A_OUTPUT,
  A_SELF_CATCH,
  A_SPEED,
  A_TOOL,
  A_TTFT,
  A_TURNS,
  A_WRONG,
  R_JUDGMENT,
  R_MINUTES,
  R_OVERHEAD,
  R_REJECT,
  R_REVISION,
  type ChangeSpec,
} from './change.js';
import { CACHE_READ, CACHE_WRITE, INPUT, OUTPUT, type CompiledModel, type CompiledTier, type WorkProfile } from './compile.js';
import { ChangeRecord, type Tracer, type TraceRow } from './record.js';
import type { Regime } from './scenario/schema.js';
import { f64, i32, u8 } from './slab.js';

/** What a flow needs from the world it runs in (one regime's simulated world). */
export interface FlowContext {
  readonly sim: Simulation;
  readonly model: CompiledModel;
  readonly reviewers: Resource;
  /** The global cap on concurrent agent calls, or null when there is none. */
  readonly agentCap: Resource | null;
  readonly tracer: Tracer | null;
  /** Called once, when the change first joins the review queue or ends before it. */
  handedOff(spec: ChangeSpec): void;
  /** Called once, when the change has merged or been abandoned and its record is final. */
  finish(record: ChangeRecord): void;
}

const scratch = new CallOutcome();
const orientTokens = new Float64Array(4);
const scratchShape: CallShape = {
  tier: undefined as unknown as CompiledTier,
  startContextTokens: 0,
  fresh: true,
  turns: 1,
  outputTokensPerTurn: 0,
  contextGrowthPerTurn: 0,
  toolSecondsPerTurn: 0,
  outputTokensPerSecond: 1,
  timeToFirstTokenSeconds: 0,
  cacheHitShare: 0,
  contextWindowTokens: 1,
};

function nonNegative(x: number): number {
  return x > 0 ? x : 0;
}

function roundTurns(x: number): number {
  return Math.max(1, Math.round(x));
}

export abstract class ChangeFlow {
  readonly record: ChangeRecord;
  protected readonly sim: Simulation;
  protected readonly model: CompiledModel;
  /** Per subtask: does it carry a defect nobody has caught yet? */
  protected readonly defect: Uint8Array;
  protected reviewRound = 0;
  protected machineVerified = false;
  private reviewRequestedAt = 0;
  /** Since when a person has been supervising agents at work on this change (NaN: nobody is). */
  private supervisedSince = Number.NaN;
  private reviewStartedAt = 0;
  private reviewWorkHours = 0;
  private finished = false;
  private handedOff = false;
  protected get isFinished(): boolean {
    return this.finished;
  }

  constructor(
    protected readonly ctx: FlowContext,
    readonly regime: Regime,
    readonly spec: ChangeSpec,
  ) {
    this.sim = ctx.sim;
    this.model = ctx.model;
    this.record = new ChangeRecord(regime, spec.index, ctx.model.tiers.length);
    this.record.subtasks = spec.subtaskCount;
    this.record.engineer = spec.engineer;
    this.record.sequence = spec.sequence;
    this.record.diffLines = spec.totalLines;
    this.defect = u8(spec.subtaskCount);
  }

  abstract start(): void;
  /** After review asked for changes: do them, then call review() again. */
  protected abstract reworkAfterReview(found: number[], judgment: boolean): void;
  protected abstract get authoredByAgents(): boolean;

  protected trace(row: Omit<TraceRow, 'regime' | 'change'>): void {
    this.ctx.tracer?.({ regime: this.regime, change: this.spec.index, ...row });
  }

  // ---- review ---------------------------------------------------------------------------

  protected superviseAgents(): void {
    this.supervisedSince = this.sim.now;
  }

  /** The author is free for the next change once this one reaches review (or ends before it). */
  private handOff(): void {
    if (this.handedOff) return;
    this.handedOff = true;
    this.ctx.handedOff(this.spec);
  }

  /** Agents stop working on the change (it reaches review, or ends): settle the supervision. */
  private stopSupervising(): void {
    if (Number.isNaN(this.supervisedSince)) return;
    this.record.supervisionHours += this.model.scenario.people.supervisionShare * (this.sim.now - this.supervisedSince);
    this.supervisedSince = Number.NaN;
  }

  protected review(): void {
    this.handOff();
    this.stopSupervising();
    this.reviewRequestedAt = this.sim.now;
    this.ctx.reviewers.request(onReviewGranted, this);
  }

  /** A reviewer is free (and on the clock): read the diff, on working hours. */
  reviewGranted(): void {
    const now = this.sim.now;
    const r = this.record;
    const round = this.reviewRound;
    const review = this.model.scenario.review;
    r.reviewWaitHours += now - this.reviewRequestedAt;
    if (this.ctx.tracer && now > this.reviewRequestedAt)
      this.trace({ ...emptyRow, step: 'review_wait', attempt: round, startHours: this.reviewRequestedAt, endHours: now, outcome: '' });
    const readShare = (this.machineVerified ? 1 - review.machineVerifiedDiscount : 1) * (round > 0 ? review.reReviewShare : 1);
    const workHours =
      nonNegative(this.model.reviewOverheadHours.quantile(this.spec.reviewU(round, R_OVERHEAD))) +
      (this.spec.totalLines / review.linesPerHour) * readShare;
    this.reviewWorkHours = workHours;
    this.reviewStartedAt = now;
    const end = this.model.reviewCalendar.addWorkingHours(now, workHours);
    this.sim.schedule(end - now, onReviewDone, this);
  }

  reviewDone(): void {
    const now = this.sim.now;
    const r = this.record;
    const round = this.reviewRound;
    const review = this.model.scenario.review;
    this.ctx.reviewers.release();
    r.reviewHours += this.reviewWorkHours;
    r.reviewRounds++;
    const started = this.reviewStartedAt;

    const rejectP = this.authoredByAgents ? review.rejectProbability.agent : review.rejectProbability.human;
    if (round === 0 && this.spec.reviewU(0, R_REJECT) < rejectP) {
      if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'review', attempt: round, startHours: started, endHours: now, outcome: 'rejected' });
      this.abandon('rejected');
      return;
    }
    const found: number[] = [];
    for (let i = 0; i < this.defect.length; i++)
      if (this.defect[i] && this.spec.reviewFindU(i, round) < review.defectDetectionProbability) found.push(i);
    const judgment = this.spec.reviewU(round, R_JUDGMENT) < review.judgmentChangeProbability;
    r.defectsFoundByReviewers += found.length;
    const changesAsked = found.length > 0 || judgment;
    if (this.ctx.tracer) this.trace({
      ...emptyRow,
      step: 'review',
      attempt: round,
      startHours: started,
      endHours: now,
      outcome: changesAsked ? `changes:${found.length}${judgment ? '+judgment' : ''}` : 'approved',
    });
    if (!changesAsked) return this.merge();
    if (round + 1 >= review.maxRounds) return this.abandon('review_rounds');
    this.reviewRound++;
    this.reworkAfterReview(found, judgment);
  }

  /** People fix what review found, on their working hours; then back to review. */
  protected peopleRework(found: number[], judgment: boolean): void {
    const items = found.length + (judgment ? 1 : 0);
    const minutes = items * nonNegative(this.model.peopleReworkMinutes.quantile(this.spec.reviewU(this.reviewRound - 1, R_MINUTES)));
    for (const i of found) this.defect[i] = 0;
    this.record.peopleReworkHours += minutes / 60;
    const now = this.sim.now;
    const end = this.model.peopleCalendar.addWorkingHours(now, minutes / 60);
    if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'people_rework', attempt: this.reviewRound - 1, startHours: now, endHours: end, outcome: `items:${items}` });
    this.sim.schedule(end - now, onBackToReview, this);
  }

  backToReview(): void {
    this.review();
  }

  // ---- the end ------------------------------------------------------------------------------

  protected merge(): void {
    if (this.finished) return;
    const r = this.record;
    r.merged = 1;
    let escaped = 0;
    let remediationMinutes = 0;
    for (let i = 0; i < this.defect.length; i++) {
      if (!this.defect[i]) continue;
      escaped++;
      remediationMinutes += nonNegative(this.model.remediationMinutes.quantile(this.spec.remediationU(i)));
    }
    r.escapedDefects = escaped;
    r.remediationHours = remediationMinutes / 60;
    r.incidentUsd = escaped * this.model.scenario.money.incidentUsdPerEscapedDefect;
    if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'merge', startHours: this.sim.now, endHours: this.sim.now, outcome: `escaped:${escaped}` });
    this.close();
  }

  protected abandon(reason: string): void {
    if (this.finished) return;
    this.record.abandoned = 1;
    this.record.abandonReason = reason;
    if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'abandon', startHours: this.sim.now, endHours: this.sim.now, outcome: reason });
    this.close();
  }

  /** Settle the bill: every term in USD. */
  protected close(): void {
    if (this.finished) return;
    this.finished = true;
    this.handOff();
    this.stopSupervising();
    const r = this.record;
    const s = this.model.scenario;
    const rate = s.people.loadedUsdPerHour;
    r.endHours = this.sim.now;
    r.wallClockHours = r.endHours - r.arrivalHours;
    r.reviewUsd = r.reviewHours * rate;
    r.reworkUsd = r.peopleReworkHours * rate;
    r.authoringUsd = r.authoringHours * rate;
    r.supervisionUsd = r.supervisionHours * rate;
    r.remediationUsd = r.remediationHours * rate + r.incidentUsd;
    r.buildUsd = s.money.buildUsdPerChange[this.regime];
    r.delayUsd = r.wallClockHours * s.money.delayUsdPerHour;
    r.totalUsd =
      r.inferenceUsd + r.supervisionUsd + r.reviewUsd + r.reworkUsd + r.authoringUsd + r.remediationUsd + r.buildUsd + r.delayUsd;
    r.peopleHours = r.authoringHours + r.supervisionHours + r.reviewHours + r.peopleReworkHours + r.remediationHours;
    this.ctx.finish(r);
  }
}

/** A trace row for an agent call: its tokens by class (plus `extra`, e.g. its orientation stretch). */
function callRow(
  step: TraceRow['step'],
  subtask: number,
  attempt: number,
  tier: string,
  startHours: number,
  hours: number,
  tokens: Float64Array,
  extra: Float64Array | null,
  outcome: string,
): Omit<TraceRow, 'regime' | 'change'> {
  const plus = (c: number) => tokens[c]! + (extra ? extra[c]! : 0);
  return {
    step,
    subtask,
    attempt,
    tier,
    startHours,
    endHours: startHours + hours,
    inputTokens: plus(INPUT),
    cacheReadTokens: plus(CACHE_READ),
    cacheWriteTokens: plus(CACHE_WRITE),
    outputTokens: plus(OUTPUT),
    outcome,
  };
}

const emptyRow = {
  subtask: -1,
  attempt: -1,
  tier: '',
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
};

function onReviewGranted(_sim: Simulation, flow: ChangeFlow): void {
  flow.reviewGranted();
}
function onReviewDone(_sim: Simulation, flow: ChangeFlow): void {
  flow.reviewDone();
}
function onBackToReview(_sim: Simulation, flow: ChangeFlow): void {
  flow.backToReview();
}

// ---- human ----------------------------------------------------------------------------------

export class HumanFlow extends ChangeFlow {
  protected get authoredByAgents(): boolean {
    return false;
  }

  start(): void {
    const now = this.sim.now;
    this.record.arrivalHours = now;
    let hours = 0;
    const p = this.model.scenario.people.humanDefectProbability;
    for (let i = 0; i < this.spec.subtaskCount; i++) {
      hours += this.spec.humanHours[i]!;
      this.defect[i] = this.spec.humanDefectU(i) < p ? 1 : 0;
    }
    this.record.authoringHours = hours;
    const end = this.model.peopleCalendar.addWorkingHours(now, hours);
    if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'human_work', startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onBackToReview, this);
  }

  protected reworkAfterReview(found: number[], judgment: boolean): void {
    this.peopleRework(found, judgment);
  }
}

// ---- agents ---------------------------------------------------------------------------------

const WAITING = 0;
const READY = 1;
const RUNNING = 2;
const DONE = 3;

const enum Phase {
  Plan,
  Build,
  Consolidate,
  Gate,
  Rework,
  Review,
}

interface AttemptEvent {
  flow: AgentFlow;
  subtask: number;
  attempt: number;
  tier: number;
  startHours: number;
  hours: number;
  outputTokens: number;
  endContextTokens: number;
  unfinishedPredsAtStart: number;
  /** Only when tracing: the row, completed with the outcome when the attempt ends. */
  row?: TraceRow;
}

/**
 * Attempt events, reused: one is taken when an attempt starts and given back once its end has
 * been handled, so the hot path allocates no event object (about 30 per replication). Nothing
 * reads an event after it is given back; one whose end never fires is simply collected.
 */
const spareAttemptEvents: AttemptEvent[] = [];

function takeAttemptEvent(flow: AgentFlow): AttemptEvent {
  const e = spareAttemptEvents.pop();
  if (e) {
    e.flow = flow;
    return e;
  }
  return { flow, subtask: 0, attempt: 0, tier: 0, startHours: 0, hours: 0, outputTokens: 0, endContextTokens: 0, unfinishedPredsAtStart: 0, row: undefined };
}

/** The single-agent and fan-out regimes: the same life, with N and a session model. */
export class AgentFlow extends ChangeFlow {
  private readonly width: number;
  /** A single agent keeps one session across subtasks; subagents start fresh every time. */
  private readonly session: boolean;
  private readonly plans: boolean;
  private readonly consolidates: boolean;
  private readonly state: Uint8Array;
  private readonly unfinishedPreds: Int32Array;
  private readonly attemptCount: Int32Array;
  private readonly failuresInRow: Int32Array;
  private readonly tier: Int32Array;
  private readonly finalStart: Float64Array;
  private readonly finalEnd: Float64Array;
  private readonly finalOutput: Float64Array;
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

  constructor(ctx: FlowContext, regime: 'single' | 'fanout', spec: ChangeSpec) {
    super(ctx, regime, spec);
    const o = ctx.model.scenario.orchestration;
    const n = spec.subtaskCount;
    this.width = regime === 'fanout' ? ctx.model.scenario.fanout : 1;
    this.session = regime === 'single';
    this.plans = regime === 'fanout' || o.singlePlans;
    this.consolidates = regime === 'fanout' || o.singleConsolidates;
    this.state = u8(n);
    this.unfinishedPreds = i32(n);
    this.attemptCount = i32(n);
    this.failuresInRow = i32(n);
    this.tier = i32(n);
    this.finalStart = f64(n);
    this.finalEnd = f64(n);
    this.finalOutput = f64(n);
    for (let i = 0; i < n; i++) {
      this.unfinishedPreds[i] = spec.predStart[i + 1]! - spec.predStart[i]!;
      this.tier[i] = ctx.model.kinds[spec.kind[i]!]!.tier;
    }
  }

  protected get authoredByAgents(): boolean {
    return true;
  }

  start(): void {
    this.record.arrivalHours = this.sim.now;
    this.superviseAgents();
    if (this.plans) {
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

  /** Tokens and time of a call drawn from one block of luck, billed to the record. */
  private call(
    tierIndex: number,
    turns: number,
    outputTokensPerTurn: number,
    contextGrowthPerTurn: number,
    toolSecondsPerTurn: number,
    startContextTokens: number,
    fresh: boolean,
    uSpeed: number,
    uTtft: number,
  ): CallOutcome {
    const tier = this.model.tiers[tierIndex]!;
    const shape = scratchShape;
    shape.tier = tier;
    shape.startContextTokens = startContextTokens;
    shape.fresh = fresh;
    shape.turns = turns;
    shape.outputTokensPerTurn = outputTokensPerTurn;
    shape.contextGrowthPerTurn = contextGrowthPerTurn;
    shape.toolSecondsPerTurn = toolSecondsPerTurn;
    shape.outputTokensPerSecond = tier.outputTokensPerSecond.quantile(uSpeed);
    shape.timeToFirstTokenSeconds = nonNegative(tier.timeToFirstTokenSeconds.quantile(uTtft));
    shape.cacheHitShare = this.model.scenario.agents.cacheHitShare;
    shape.contextWindowTokens = tier.contextWindowTokens;
    const out = agentCall(shape, scratch);
    const r = this.record;
    const base = tierIndex * 4;
    for (let c = 0; c < 4; c++) r.tokens[base + c] += out.tokens[c]!;
    r.inferenceUsd += out.inferenceUsd;
    r.agentCalls++;
    r.agentBusyHours += out.hours;
    return out;
  }

  /** The orchestrator's plan or consolidation call (phase says which). */
  orchestratorGranted(): void {
    const m = this.model;
    const spec = this.spec;
    let out: CallOutcome;
    let step: 'plan' | 'consolidate';
    // Orchestrator calls use an attempt-shaped block of luck; the growth cell draws their context.
    if (this.phase === Phase.Plan) {
      step = 'plan';
      out = this.call(
        m.orchestratorTier,
        roundTurns(m.plan.turns.quantile(spec.planU(A_TURNS)) * m.tiers[m.orchestratorTier]!.turnsMultiplier),
        nonNegative(m.plan.outputTokensPerTurn.quantile(spec.planU(A_OUTPUT))),
        0,
        0,
        spec.baseContextTokens + nonNegative(m.plan.contextTokens.quantile(spec.planU(A_GROWTH))),
        true,
        spec.planU(A_SPEED),
        spec.planU(A_TTFT),
      );
    } else {
      step = 'consolidate';
      const c = m.consolidate;
      let subagentOutput = 0;
      for (let i = 0; i < spec.subtaskCount; i++) subagentOutput += this.finalOutput[i]!;
      const conflictTurns = this.record.siblingConflicts * nonNegative(c.turnsPerConflict.quantile(spec.conflictTurnsU()));
      out = this.call(
        m.orchestratorTier,
        roundTurns((c.turns.quantile(spec.consolidateU(A_TURNS)) + conflictTurns) * m.tiers[m.orchestratorTier]!.turnsMultiplier),
        nonNegative(c.outputTokensPerTurn.quantile(spec.consolidateU(A_OUTPUT))),
        0,
        0,
        spec.baseContextTokens +
          nonNegative(c.contextTokens.quantile(spec.consolidateU(A_GROWTH))) +
          m.scenario.orchestration.consolidate.readShareOfSubagentOutput * subagentOutput,
        true,
        spec.consolidateU(A_SPEED),
        spec.consolidateU(A_TTFT),
      );
    }
    const now = this.sim.now;
    if (this.ctx.tracer) this.trace(callRow(step, -1, -1, m.tiers[m.orchestratorTier]!.name, now, out.hours, out.tokens, null, ''));
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
    this.pendingSubtasks = n;
    for (let i = 0; i < n; i++) if (speculative || this.unfinishedPreds[i] === 0) this.state[i] = READY;
    this.dispatch();
  }

  /** Start ready subtasks, lowest index (a topological order) first, while fewer than N run. */
  private dispatch(): void {
    if (this.abandoning) return;
    const n = this.spec.subtaskCount;
    for (let i = 0; i < n && this.busy < this.width; i++) {
      if (this.state[i] !== READY) continue;
      this.state[i] = RUNNING;
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
    const k = this.attemptCount[i]!++;
    let orientHours = 0;
    // orientTokens only feeds the trace: off the hot path otherwise.
    const tracing = this.ctx.tracer !== null;
    if (tracing) orientTokens.fill(0);
    const tierIndex = this.tier[i]!;
    const tier = m.tiers[tierIndex]!;
    const work: WorkProfile = m.kinds[spec.kind[i]!]!.work;
    let startContext = spec.baseContextTokens;
    let fresh = true;
    const turns = spec.attemptDraw(i, k, A_TURNS, work.turns) * tier.turnsMultiplier;
    let orientationTurns = 0;
    if (this.session) {
      // One session: orientation once, then each subtask starts from what compaction kept.
      if (this.sessionStarted) {
        fresh = false;
        startContext += Math.min(this.carriedContextTokens, m.scenario.agents.singleSessionCarryCapTokens);
      } else orientationTurns = Math.round(nonNegative(spec.attemptDraw(i, k, A_ORIENT_TURNS, m.orientation.turns)));
      this.sessionStarted = true;
    } else {
      startContext += spec.briefingTokens[i]!;
      orientationTurns = Math.round(nonNegative(spec.attemptDraw(i, k, A_ORIENT_TURNS, m.orientation.turns)));
    }
    if (orientationTurns > 0) {
      // Orientation is its own stretch of turns, whose file reads grow the context the work then re-reads.
      const o = m.orientation;
      const orient = this.call(
        tierIndex,
        orientationTurns,
        nonNegative(spec.attemptDraw(i, k, A_ORIENT_OUTPUT, o.outputTokensPerTurn)),
        nonNegative(spec.attemptDraw(i, k, A_ORIENT_GROWTH, o.contextGrowthPerTurn)),
        nonNegative(spec.attemptDraw(i, k, A_ORIENT_TOOL, o.toolSecondsPerTurn)),
        startContext,
        fresh,
        spec.attemptU(i, k, A_SPEED),
        spec.attemptU(i, k, A_TTFT),
      );
      this.record.agentCalls--; // one call, in two stretches
      orientHours = orient.hours;
      if (tracing) orientTokens.set(orient.tokens);
      startContext = orient.endContextTokens;
      fresh = false;
    }
    const out = this.call(
      tierIndex,
      roundTurns(turns),
      nonNegative(spec.attemptDraw(i, k, A_OUTPUT, work.outputTokensPerTurn)),
      nonNegative(spec.attemptDraw(i, k, A_GROWTH, work.contextGrowthPerTurn)),
      nonNegative(spec.attemptDraw(i, k, A_TOOL, work.toolSecondsPerTurn)),
      startContext,
      fresh,
      spec.attemptU(i, k, A_SPEED),
      spec.attemptU(i, k, A_TTFT),
    );
    this.record.attempts++;
    const event = takeAttemptEvent(this);
    event.subtask = i;
    event.attempt = k;
    event.tier = tierIndex;
    event.startHours = this.sim.now;
    event.hours = orientHours + out.hours;
    event.outputTokens = out.outputTokens;
    event.endContextTokens = out.endContextTokens;
    event.unfinishedPredsAtStart = this.unfinishedPreds[i]!;
    event.row = undefined;
    if (this.ctx.tracer)
      event.row = {
        regime: this.regime,
        change: spec.index,
        ...callRow('attempt', i, k, tier.name, this.sim.now, event.hours, out.tokens, orientTokens, ''),
      };
    this.sim.schedule(event.hours, onAttemptDone, event);
  }

  attemptDone(e: AttemptEvent): void {
    this.releaseAgent();
    this.busy--;
    const i = e.subtask;
    const m = this.model;
    const spec = this.spec;
    const row = e.row;
    if (this.abandoning) {
      if (row) this.ctx.tracer!({ ...row, outcome: 'discarded' });
      spareAttemptEvents.push(e);
      return this.continueOrAbandon();
    }
    if (this.session) this.carriedContextTokens = e.endContextTokens;
    const kind = m.kinds[spec.kind[i]!]!;
    const wrongP = Math.min(1, m.tiers[e.tier]!.wrongProbability * kind.difficulty);
    const wrong = spec.attemptU(i, e.attempt, A_WRONG) < wrongP;
    const caught = wrong && spec.attemptU(i, e.attempt, A_SELF_CATCH) < kind.verifiability;
    let outcome: string;
    if (caught) {
      this.record.failuresCaughtByAgents++;
      this.failuresInRow[i]!++;
      this.tier[i] = m.escalatesTo[e.tier]!;
      if (this.failuresInRow[i]! < m.scenario.failure.maxAttempts) {
        outcome = 'failed_retry';
        this.state[i] = READY;
      } else if (m.scenario.failure.onExhausted === 'abandon') {
        outcome = 'failed_abandon';
        this.abandoning = 'attempts';
      } else {
        outcome = 'failed_takeover';
        this.takeover(i);
      }
    } else {
      const q = m.scenario.failure.speculativeConflictProbability;
      const unfinished = e.unfinishedPredsAtStart;
      if (this.phase === Phase.Build && unfinished > 0 && spec.speculativeConflictU(i) < 1 - Math.pow(1 - q, unfinished)) {
        // Started before its predecessors finished, and their work invalidated it: redo after them.
        this.record.speculativeConflicts++;
        outcome = 'speculative_conflict';
        this.failuresInRow[i] = 0;
        // Ready again now, or (WAITING) when its last predecessor finishes.
        this.state[i] = this.unfinishedPreds[i] === 0 ? READY : WAITING;
      } else {
        outcome = wrong ? 'done_with_defect' : 'done';
        this.defect[i] = wrong ? 1 : 0;
        this.finalStart[i] = e.startHours;
        this.finalEnd[i] = this.sim.now;
        this.finalOutput[i] = e.outputTokens;
        this.subtaskDone(i);
      }
    }
    if (row) this.ctx.tracer!({ ...row, outcome });
    spareAttemptEvents.push(e); // read no further: the next attempt may take it
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
    if (this.ctx.tracer) this.trace({ ...emptyRow, step: 'takeover', subtask: i, startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onTakeoverDone, { flow: this, subtask: i });
  }

  takeoverDone(i: number): void {
    this.busy--;
    this.defect[i] = this.spec.humanDefectU(i) < this.model.scenario.people.humanDefectProbability ? 1 : 0;
    this.finalStart[i] = this.finalEnd[i] = this.sim.now;
    this.finalOutput[i] = 0;
    this.subtaskDone(i);
    this.continueOrAbandon();
  }

  private subtaskDone(i: number): void {
    this.state[i] = DONE;
    this.failuresInRow[i] = 0;
    if (this.phase === Phase.Build) {
      const spec = this.spec;
      for (let e = spec.succStart[i]!; e < spec.succStart[i + 1]!; e++) {
        const s = spec.succs[e]!;
        if (--this.unfinishedPreds[s]! === 0 && this.state[s] === WAITING) this.state[s] = READY;
      }
    }
    if (--this.pendingSubtasks === 0) {
      if (this.phase === Phase.Build) this.afterBuild();
      else if (this.phase === Phase.Rework) this.afterRework();
    }
  }

  private afterBuild(): void {
    if (!this.consolidates) return this.gate();
    // Siblings whose final attempts overlapped in time may have touched shared code.
    const n = this.spec.subtaskCount;
    const p = this.model.scenario.failure.siblingConflictProbability;
    if (p > 0 && this.width > 1) {
      for (let i = 0; i < n; i++) {
        let overlaps = 0;
        for (let j = 0; j < n; j++)
          if (j !== i && this.finalStart[j]! < this.finalEnd[i]! && this.finalStart[i]! < this.finalEnd[j]!) overlaps++;
        if (overlaps > 0 && this.spec.siblingConflictU(i) < 1 - Math.pow(1 - p, overlaps)) this.record.siblingConflicts++;
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
    const hours = nonNegative(this.model.gateDurationHours.quantile(this.spec.gateDurationU(this.gateRun)));
    this.sim.schedule(hours, onGateDone, this);
  }

  gateDone(): void {
    const run = this.gateRun++;
    this.record.gateRuns++;
    const p = this.model.scenario.failure.gate.catchProbability;
    const caught: number[] = [];
    for (let i = 0; i < this.defect.length; i++) if (this.defect[i] && this.spec.gateCatchU(i, run) < p) caught.push(i);
    this.record.failuresCaughtByGate += caught.length;
    if (this.ctx.tracer) this.trace({
      ...emptyRow,
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
    for (const i of subtasks) {
      this.state[i] = READY;
      this.failuresInRow[i] = 0;
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
    const tier = m.tiers[m.revisionTier]!;
    const out = this.call(
      m.revisionTier,
      roundTurns(m.revision.turns.quantile(this.spec.reviewU(round, R_REVISION + A_TURNS)) * tier.turnsMultiplier),
      nonNegative(m.revision.outputTokensPerTurn.quantile(this.spec.reviewU(round, R_REVISION + A_OUTPUT))),
      nonNegative(m.revision.contextGrowthPerTurn.quantile(this.spec.reviewU(round, R_REVISION + A_GROWTH))),
      nonNegative(m.revision.toolSecondsPerTurn.quantile(this.spec.reviewU(round, R_REVISION + A_TOOL))),
      this.spec.baseContextTokens,
      true,
      this.spec.reviewU(round, R_REVISION + A_SPEED),
      this.spec.reviewU(round, R_REVISION + A_TTFT),
    );
    if (this.ctx.tracer) this.trace(callRow('attempt', -1, round, tier.name, this.sim.now, out.hours, out.tokens, null, 'revision'));
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
function onAttemptDone(_sim: Simulation, e: AttemptEvent): void {
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
