/**
 * The judgment figures of the defaults (docs/model.md marks them "judgment": no publication pins
 * them down) that `sensitivity --judgment` varies, each over ±50% of the scenario's own value
 * (shares and probabilities capped at 1; whole numbers rounded outwards), or over a fixed range
 * for the two terms that decide the fan-out presets. Only scalar figures are
 * listed: the distributions' parameters (turns, tokens per turn, ...) are not single numbers.
 * docs/cli.md lists the same paths.
 */
import { REGIME_LIST, type RegimeDefinition, type Scenario } from '../model/index.js';
import { valueAtPath } from './scenarioFunction.js';

export interface ParamRange {
  path: string;
  low: number;
  high: number;
  /** Where the range was given, for messages (default `--param`; `sensitivity.params[2]` from a scenario). */
  field?: string;
}

/** Path, and whether it is a share or probability (capped at 1). The regimes' own numeric settings (the fan-out width) come first. */
export const JUDGMENT_FIGURES: readonly { path: string; share: boolean; range?: readonly [number, number] }[] = [
  ...(REGIME_LIST as readonly RegimeDefinition[]).flatMap((r) => (typeof r.setting?.default === 'number' ? [{ path: r.setting.key, share: false }] : [])),
  { path: 'agents.cacheHitShare', share: true },
  { path: 'failure.siblingConflictProbability', share: true },
  { path: 'failure.speculativeConflictProbability', share: true },
  { path: 'failure.gate.catchProbability', share: true },
  { path: 'review.reviewers', share: false },
  { path: 'review.machineVerifiedDiscount', share: true },
  { path: 'review.reReviewShare', share: true },
  { path: 'people.loadedUsdPerHour', share: false },
  { path: 'people.supervisionShare', share: true },
  // The two terms that decide the fan-out presets, over their whole plausible range whatever the
  // scenario's value (0 is a choice here, not an absence): the supervision basis, and the value of waiting.
  { path: 'people.supervision', share: true, range: [0, 1] },
  { path: 'money.delayUsdPerHour', share: false, range: [0, 50] },
  { path: 'people.specifyHours', share: false },
  { path: 'people.planReadHours', share: false },
  { path: 'people.humanDefectProbability', share: true },
];

/** The relative half-width of every judgment range. */
export const JUDGMENT_SPREAD = 0.5;

/** The judgment figures the scenario has, as ranges around its values (a figure of 0 is left out: ±50% of 0 is no range). */
export function judgmentRanges(scenario: Scenario): ParamRange[] {
  const out: ParamRange[] = [];
  for (const { path, share, range } of JUDGMENT_FIGURES) {
    const v = valueAtPath(scenario, path);
    if (range && typeof v === 'number') {
      out.push({ path, low: range[0], high: range[1] });
      continue;
    }
    if (typeof v !== 'number' || v === 0) continue;
    let low = v * (1 - JUDGMENT_SPREAD);
    let high = v * (1 + JUDGMENT_SPREAD);
    if (share) high = Math.min(1, high);
    if (Number.isInteger(v)) {
      low = Math.max(1, Math.floor(low));
      high = Math.ceil(high);
    }
    if (low < high) out.push({ path, low, high });
  }
  return out;
}
