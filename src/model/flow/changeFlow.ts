/**
 * The life every regime shares once the work exists: the review queue, rounds of requested
 * changes, merge or abandonment, and the bill. A regime's flow (./agentFlow, ./humanFlow) starts
 * the change, produces its work and its defects, then calls review(); it says how it reworks what
 * review asked for.
 */
import type { Simulation } from '../../engine/index.js';
import type { ChangeSpec } from '../change.js';
import type { CompiledModel } from '../compile.js';
import { reviewWorkHours } from '../formulas.js';
import { ChangeRecord } from '../record.js';
import type { Regime } from '../regimes/index.js';
import type { Author } from '../regimes/types.js';
import { u8 } from '../slab.js';
import type { FlowContext } from './context.js';
import { EMPTY_STEP, type StepRow } from './traceRows.js';

export function nonNegative(x: number): number {
  return x > 0 ? x : 0;
}

export abstract class ChangeFlow {
  readonly record: ChangeRecord;
  protected readonly sim: Simulation;
  protected readonly model: CompiledModel;
  /** Per subtask: does it carry a defect nobody has caught yet? */
  protected readonly defect: Uint8Array;
  protected reviewRound = 0;
  /** Did the automated gate pass the version under review? */
  protected machineVerified = false;
  /** Who wrote the version under review (a script's fallback is written by people). */
  protected authoredBy: Author;
  private reviewRequestedAt = 0;
  /** Agent calls and gate runs at work on this change right now. */
  private agentsAtWork = 0;
  /** Subtasks a person has taken over right now (supervision pauses meanwhile). */
  private takeoversUnderway = 0;
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
    this.authoredBy = ctx.definition.authoredBy;
    const r = (this.record = new ChangeRecord(regime, spec.index, ctx.model.tiers.length));
    r.subtasks = spec.subtaskCount;
    r.engineer = spec.engineer;
    r.sequence = spec.sequence;
    r.diffLines = spec.totalLines;
    this.defect = u8(spec.subtaskCount);
  }

  abstract start(): void;
  /** After review asked for changes: do them, then call review() again. */
  protected abstract reworkAfterReview(found: number[], judgment: boolean): void;

  protected trace(row: StepRow): void {
    this.ctx.tracer?.({ regime: this.regime, change: this.spec.index, ...row });
  }

  // ---- supervision and hand-off ---------------------------------------------------------

  /**
   * Agents (or the gate) start (+1) or stop (-1) working on the change, or a person starts (+1) or
   * ends (-1) a takeover. A person supervises, at `people.supervisionShare` of the time, while
   * some agent is at work and nobody has a subtask taken over: the union of the agents' working
   * intervals, not the elapsed time (no nights, weekends or queues for the agent cap), or, as
   * `people.supervision` says, per agent at work in them, or a mix.
   */
  protected atWork(agents: number, takeovers = 0): void {
    this.settleSupervision();
    this.agentsAtWork += agents;
    this.takeoversUnderway += takeovers;
    if (this.agentsAtWork > 0 && this.takeoversUnderway === 0) this.supervisedSince = this.sim.now;
  }

  /** Bill the supervision of the interval now ending. */
  private settleSupervision(): void {
    if (Number.isNaN(this.supervisedSince)) return;
    const people = this.model.scenario.people;
    // The basis (people.supervision): the union counts the interval once, agent-hours once per
    // call at work in it; a mix weighs the two.
    const watched = 1 - people.supervision + people.supervision * this.agentsAtWork;
    this.record.supervisionHours += people.supervisionShare * watched * (this.sim.now - this.supervisedSince);
    this.supervisedSince = Number.NaN;
  }

  /** A person's time before review that is not watching (specifying, reading a plan): billed as supervision. */
  protected peopleTimeWithAgents(hours: number): void {
    this.record.specifyHours += hours;
    this.record.supervisionHours += hours;
  }

  /** The author is free for the next change once this one reaches review (or ends before it). */
  private handOff(): void {
    if (this.handedOff) return;
    this.handedOff = true;
    this.ctx.handedOff(this.spec);
  }


  // ---- review ---------------------------------------------------------------------------

  protected review(): void {
    this.handOff();
    this.reviewRequestedAt = this.sim.now;
    this.ctx.reviewers.request(onReviewGranted, this);
  }

  /** A reviewer is free (and on the clock): read the diff, on working hours. */
  reviewGranted(): void {
    const now = this.sim.now;
    const round = this.reviewRound;
    const review = this.model.scenario.review;
    this.record.reviewWaitHours += now - this.reviewRequestedAt;
    if (this.ctx.tracer && now > this.reviewRequestedAt)
      this.trace({ ...EMPTY_STEP, step: 'review_wait', attempt: round, startHours: this.reviewRequestedAt, endHours: now, outcome: '' });
    const workHours = reviewWorkHours({
      overheadHours: this.model.reviewOverheadHours.quantile(this.spec.luck.review(round).overhead),
      diffLines: this.spec.totalLines,
      linesPerHour: review.linesPerHour,
      machineVerified: this.machineVerified,
      machineVerifiedDiscount: review.machineVerifiedDiscount,
      round,
      reReviewShare: review.reReviewShare,
    });
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
    const luck = this.spec.luck;
    this.ctx.reviewers.release();
    r.reviewHours += this.reviewWorkHours;
    r.reviewRounds++;
    const started = this.reviewStartedAt;

    // A sampled script output is an audit, not a pull request: it is never closed outright.
    const rejectP =
      this.authoredBy === 'agents' ? review.rejectProbability.agent : this.authoredBy === 'people' ? review.rejectProbability.human : 0;
    if (round === 0 && luck.review(0).reject < rejectP) {
      if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'review', attempt: round, startHours: started, endHours: now, outcome: 'rejected' });
      this.abandon('rejected');
      return;
    }
    const found: number[] = [];
    for (let i = 0; i < this.defect.length; i++)
      if (this.defect[i] && luck.reviewFind(i, round) < review.defectDetectionProbability) found.push(i);
    const judgment = luck.review(round).judgment < review.judgmentChangeProbability;
    r.defectsFoundByReviewers += found.length;
    const changesAsked = found.length > 0 || judgment;
    if (this.ctx.tracer)
      this.trace({
        ...EMPTY_STEP,
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
    const minutes = items * nonNegative(this.model.peopleReworkMinutes.quantile(this.spec.luck.review(this.reviewRound - 1).peopleMinutes));
    for (const i of found) this.defect[i] = 0;
    this.machineVerified = false; // a new version, not through the gate
    this.record.peopleReworkHours += minutes / 60;
    const now = this.sim.now;
    const end = this.model.peopleCalendar.addWorkingHours(now, minutes / 60);
    if (this.ctx.tracer)
      this.trace({ ...EMPTY_STEP, step: 'people_rework', attempt: this.reviewRound - 1, startHours: now, endHours: end, outcome: `items:${items}` });
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
      remediationMinutes += nonNegative(this.model.remediationMinutes.quantile(this.spec.luck.subtask(i).remediation));
    }
    r.escapedDefects = escaped;
    r.remediationHours = remediationMinutes / 60;
    r.incidentUsd = escaped * this.model.scenario.money.incidentUsdPerEscapedDefect;
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'merge', startHours: this.sim.now, endHours: this.sim.now, outcome: `escaped:${escaped}` });
    this.close();
  }

  protected abandon(reason: string): void {
    if (this.finished) return;
    this.record.abandoned = 1;
    this.record.abandonReason = reason;
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'abandon', startHours: this.sim.now, endHours: this.sim.now, outcome: reason });
    this.close();
  }

  /** Settle the bill: every term in USD. */
  protected close(): void {
    if (this.finished) return;
    this.finished = true;
    this.handOff();
    this.settleSupervision();
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
    r.buildUsd = this.model.buildUsdPerOutcome[this.regime]!;
    r.delayUsd = r.wallClockHours * s.money.delayUsdPerHour;
    r.totalUsd =
      r.inferenceUsd + r.supervisionUsd + r.reviewUsd + r.reworkUsd + r.authoringUsd + r.remediationUsd + r.buildUsd + r.delayUsd;
    r.peopleHours = r.authoringHours + r.supervisionHours + r.reviewHours + r.peopleReworkHours + r.remediationHours;
    r.totalTokens = r.sumTokens();
    // Resolved, as cost per resolved outcome defines it ("completed correctly without human
    // intervention"): where agents or automation author the work, merged with no escaped defect,
    // no changes requested at review (a reviewer sending it back is a person stepping in), no
    // takeover, no fallback to manual work and no rework by a person. Where people are the way of
    // working (the manual regime), their own work is the baseline: completed correctly, merged
    // with no escaped defect.
    const personStepped =
      this.ctx.definition.authoredBy !== 'people' && (this.reviewRound > 0 || r.peopleReworkHours > 0 || r.takeovers > 0 || r.fallbacks > 0);
    r.resolved = r.merged && r.escapedDefects === 0 && !personStepped ? 1 : 0;
    this.ctx.finish(r);
  }
}

function onReviewGranted(_sim: Simulation, flow: ChangeFlow): void {
  flow.reviewGranted();
}
function onReviewDone(_sim: Simulation, flow: ChangeFlow): void {
  flow.reviewDone();
}
export function onBackToReview(_sim: Simulation, flow: ChangeFlow): void {
  flow.backToReview();
}
