/**
 * The scripted regime: the automation runs on what it covers (a run cost, a run time, its own
 * wrong-output rate; reviewed only when sampled); what it does not cover falls back to the
 * human's manual path, with its cost and its queue.
 */
import type { Simulation } from '../../engine/index.js';
import { ScriptLuck } from '../regimes/scriptedLuck.js';
import { HumanFlow } from './humanFlow.js';
import { EMPTY_STEP } from './traceRows.js';

export class ScriptedFlow extends HumanFlow {
  override start(): void {
    const now = this.sim.now;
    const s = this.model.scenario.scripted;
    const luck = new ScriptLuck(this.spec.luck);
    this.record.arrivalHours = now;
    if (!(luck.coverage < s.coverage)) {
      // Outside what the script handles: a person does it by hand.
      this.record.fallbacks = 1;
      this.authoredBy = 'people';
      return this.manualWork();
    }
    this.record.inferenceUsd += s.runUsdPerOutcome;
    const wrong = luck.wrong < s.wrongProbability;
    if (wrong && this.spec.subtaskCount > 0) this.defect[0] = 1;
    if (this.ctx.tracer)
      this.trace({ ...EMPTY_STEP, step: 'script', startHours: now, endHours: now + s.runHours, outcome: wrong ? 'wrong' : 'done' });
    this.sim.schedule(s.runHours, onScriptDone, this);
  }

  scriptDone(): void {
    // Covered outcomes skip review unless a reviewer samples them.
    if (new ScriptLuck(this.spec.luck).reviewSample < this.model.scenario.scripted.reviewSampleShare) this.review();
    else this.merge();
  }
}

function onScriptDone(_sim: Simulation, flow: ScriptedFlow): void {
  flow.scriptDone();
}
