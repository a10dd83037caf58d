/**
 * The scripted regime's own luck: change-level cells on a purpose no other regime reads (see
 * ../luck.ts). Its own module, apart from ./scripted, so that the flow can read it without
 * importing the regime's definition (which imports the flow).
 */
import { FIRST_REGIME_PURPOSE, type ChangeLuck } from '../luck.js';

/** The scripted regime's luck purpose. Never renumber it, nor its cells: that would change every result. */
export const SCRIPTED_LUCK_PURPOSE = FIRST_REGIME_PURPOSE;
const COVERAGE = 0;
const WRONG = 1;
const REVIEW_SAMPLE = 2;

/** A change's script luck, read through names. */
export class ScriptLuck {
  constructor(private readonly luck: ChangeLuck) {}
  /** Does the script cover this change (against scripted.coverage)? */
  get coverage(): number {
    return this.luck.regimeCell(SCRIPTED_LUCK_PURPOSE, COVERAGE);
  }
  /** Is the script's output wrong (against scripted.wrongProbability)? */
  get wrong(): number {
    return this.luck.regimeCell(SCRIPTED_LUCK_PURPOSE, WRONG);
  }
  /** Is a script's output sampled for review (against scripted.reviewSampleShare)? */
  get reviewSample(): number {
    return this.luck.regimeCell(SCRIPTED_LUCK_PURPOSE, REVIEW_SAMPLE);
  }
}
