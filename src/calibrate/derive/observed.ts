/**
 * What calibration observed, for a run to set against the model (the scenario's
 * `calibration.observed`, src/model/observed.ts): per quantity the sorted sample, or its
 * quantiles when it is large. Numbers only: counts, hours, lines.
 */
import { OBSERVED_QUANTILE_LEVELS, OBSERVED_SAMPLE_MAX, type ObservedValues } from '../../model/index.js';
import { quantileOf } from '../../experiment/index.js';
import { roundNumber, type OverlayField } from '../overlay.js';
import type { AgentStats } from './agents.js';
import { PLACEHOLDER_SHARE_MATERIAL, type Sources } from './fields.js';

/** The share of every subagent turn (all tiers) whose output count was never final. */
function subagentPlaceholderShare(stats: AgentStats): number {
  let placeholders = 0;
  let turns = 0;
  for (const s of stats.byTierRole.values())
    if (s.role === 'subagent') {
      placeholders += s.placeholders;
      turns += s.outputPerTurn.length;
    }
  return turns > 0 ? placeholders / turns : 0;
}

/** A sample kept whole (at most OBSERVED_SAMPLE_MAX values) or as OBSERVED_QUANTILE_LEVELS + 1 quantiles, rounded as the overlay is. */
export function observedValues(values: Float64Array): ObservedValues {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length <= OBSERVED_SAMPLE_MAX) return { observations: sorted.length, form: 'sample', values: Array.from(sorted, roundNumber) };
  const quantiles = Array.from({ length: OBSERVED_QUANTILE_LEVELS + 1 }, (_, j) => roundNumber(quantileOf(sorted, j / OBSERVED_QUANTILE_LEVELS)));
  return { observations: sorted.length, form: 'quantiles', values: quantiles };
}

/** The overlay's calibration.observed fields, one per quantity with at least one observation. */
export function observedFields(sources: Sources): OverlayField[] {
  const found: [key: string, values: Float64Array, what: string][] = [];
  if (sources.claudeCode) {
    const stats = sources.claudeCode.stats;
    const from = `sessions with subagents (a session is one change), from ${sources.claudeCode.label}`;
    const figures = stats.sessionFigures();
    const means = stats.sessionMeans();
    found.push(
      ['subagentsPerSession', figures.subagentsPerSession.filter((v) => v > 0), from],
      ['subagentsAtOnce', figures.peakPerSession, from],
      ['turnsPerSubagentRun', means.turnsPerRun, `${from} (mean per session)`],
    );
    // Output per turn only where placeholders are few: the final counts left would be a biased few.
    if (subagentPlaceholderShare(stats) < PLACEHOLDER_SHARE_MATERIAL) found.push(['outputTokensPerTurn', means.outputPerTurn, `${from} (mean per session of final counts)`]);
    found.push(['secondsPerTurn', means.secondsPerTurn, `${from} (mean per session)`]);
  }
  if (sources.prs) {
    const s = sources.prs.stats;
    const from = `from ${sources.prs.label}`;
    found.push(
      ['reviewWaitHours', s.reviewWaitHours.values(), `PRs with a first review, ${from}`],
      ['reviewRounds', s.roundsMerged.values(), `merged PRs with review data, ${from}`],
      ['changeLines', s.sizes.values(), `PRs with changed lines, ${from}`],
      ['linesPerReviewHour', s.linesPerHour.values(), `PRs with a reviewHours column, ${from}`],
    );
  }
  return found
    .filter(([, values]) => values.length > 0)
    .map(([key, values, what]) => {
      const value = observedValues(values);
      const kept = value.form === 'sample' ? 'every value' : `${value.values.length} quantiles`;
      return { path: ['calibration', 'observed', key], value, comment: `observed, not fitted (compared with the run's own in observed-vs-simulated.csv): ${kept} of ${values.length} ${what}` };
    });
}
