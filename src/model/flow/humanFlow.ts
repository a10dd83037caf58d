/** The human regime: an engineer authors the change on working hours, then the shared review life. */
import { ChangeFlow, onBackToReview } from './changeFlow.js';
import { EMPTY_STEP } from './traceRows.js';

export class HumanFlow extends ChangeFlow {
  start(): void {
    const now = this.sim.now;
    this.record.arrivalHours = now;
    let hours = 0;
    const p = this.model.scenario.people.humanDefectProbability;
    for (let i = 0; i < this.spec.subtaskCount; i++) {
      hours += this.spec.humanHours[i]!;
      this.defect[i] = this.spec.luck.subtask(i).humanDefect < p ? 1 : 0;
    }
    this.record.authoringHours = hours;
    const end = this.model.peopleCalendar.addWorkingHours(now, hours);
    if (this.ctx.tracer) this.trace({ ...EMPTY_STEP, step: 'human_work', startHours: now, endHours: end, outcome: '' });
    this.sim.schedule(end - now, onBackToReview, this);
  }

  protected reworkAfterReview(found: number[], judgment: boolean): void {
    this.peopleRework(found, judgment);
  }
}
