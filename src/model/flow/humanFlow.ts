/**
 * The human regime: an engineer authors the change on working hours, then the shared review life.
 * With `people.handlers` set, the work first waits for one of that many people (a queue served
 * on working hours); otherwise someone starts at once.
 */
import type { Simulation } from '../../engine/index.js';
import { ChangeFlow } from './changeFlow.js';
import { EMPTY_STEP } from './traceRows.js';

export class HumanFlow extends ChangeFlow {
  private handlerRequestedAt = 0;
  private holdsHandler = false;

  start(): void {
    this.record.arrivalHours = this.sim.now;
    this.manualWork();
  }

  /** Do the change by hand: wait for a person if the pool is finite, then author it. */
  protected manualWork(): void {
    if (!this.ctx.handlers) return this.author();
    this.handlerRequestedAt = this.sim.now;
    this.ctx.handlers.request(onHandlerGranted, this);
  }

  handlerGranted(): void {
    const now = this.sim.now;
    this.holdsHandler = true;
    this.record.handlerWaitHours += now - this.handlerRequestedAt;
    if (this.ctx.tracer && now > this.handlerRequestedAt)
      this.trace({ ...EMPTY_STEP, step: 'handler_wait', startHours: this.handlerRequestedAt, endHours: now, outcome: '' });
    this.author();
  }

  private author(): void {
    const now = this.sim.now;
    let hours = 0;
    const p = this.model.scenario.people.humanDefectProbability;
    for (let i = 0; i < this.spec.subtaskCount; i++) {
      hours += this.spec.humanHours[i]!;
      this.defect[i] = this.spec.luck.subtask(i).humanDefect < p ? 1 : 0;
    }
    this.record.authoringHours += hours;
    if (this.holdsHandler) this.ctx.addHandlerWorkHours(hours);
    const end = this.model.peopleCalendar.addWorkingHours(now, hours);
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'human_work', startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onAuthored, this);
  }

  authored(): void {
    if (this.holdsHandler) {
      this.holdsHandler = false;
      this.ctx.handlers!.release();
    }
    this.review();
  }

  protected reworkAfterReview(found: number[], judgment: boolean): void {
    this.peopleRework(found, judgment);
  }
}

function onHandlerGranted(_sim: Simulation, flow: HumanFlow): void {
  flow.handlerGranted();
}
function onAuthored(_sim: Simulation, flow: HumanFlow): void {
  flow.authored();
}
