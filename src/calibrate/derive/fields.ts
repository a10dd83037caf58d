/**
 * Which scenario fields calibration fills, from which observations. Distributions are fitted
 * (the candidates of `orchsim fit`, the lowest AIC a scenario accepts) when there are at least
 * `minObservations` values; single numbers (shares, medians) need MIN_OBSERVATIONS. What is not
 * written, and why, becomes a note in the report.
 *
 * Claude Code logs (per tier, for the kinds routing sends to that tier):
 * - subagent runs → workload.kinds.<kind>.work.{turns, outputTokensPerTurn, contextGrowthPerTurn,
 *   toolSecondsPerTurn}; runs are observed whole, reading included, so agents.orientation.turns
 *   becomes 0; tool seconds = seconds per turn − the tier's mean time to first token − output /
 *   the tier's mean speed (OpenTelemetry's estimate when given, else the scenario's);
 * - the orchestrator tier's main sessions → orchestration.{plan, consolidate}.outputTokensPerTurn;
 * - all responses → agents.cacheHitShare; sessions → fanout (median peak of concurrent subagents).
 * OpenTelemetry → prices.tiers.<tier>.{outputTokensPerSecond, timeToFirstTokenSeconds}, and
 * cacheHitShare without Claude Code logs; ccusage → cacheHitShare when neither is given.
 * Pull requests → review.{rejectProbability.<agent|human>, judgmentChangeProbability,
 * maxRounds, linesPerHour}, and every kind's sizeLines rescaled so a change averages the mean PR.
 *
 * Two guards before anything is written:
 * - placeholders: where a tier and role's share of turns whose output count was never final
 *   (read/claudeCode.ts) reaches PLACEHOLDER_SHARE_MATERIAL, output per turn is taken from
 *   OpenTelemetry's api_request events of that tier (their counts are final) when given, else
 *   not written, and tool seconds per turn (which subtracts the generation time of that output)
 *   follows it; below that share the placeholders are left out of the fit;
 * - plausibility: a fitted field whose sample median falls outside PLAUSIBLE_RANGES is not
 *   written, with the reason (a median of 2 output tokens per turn is a logging artefact, not a
 *   team's work).
 */
import type { Scenario } from '../../model/index.js';
import { specMean, type DistSpec } from '../../random/index.js';
import { quantileOf } from '../../experiment/index.js';
import type { FamilyName } from '../fit/family.js';
import { fitCandidates, MIN_OBSERVATIONS } from '../fit/fit.js';
import { OBSERVED_QUANTILE_LEVELS, OBSERVED_SAMPLE_MAX } from '../../model/index.js';
import { roundNumber, type OverlayField } from '../overlay.js';
import { observedValues } from './observed.js';
import type { TokenTotals } from '../read/ccusage.js';
import { bestAccepted, expectedSubtasks, kindsRoutedTo, meanSubtaskLines, scaleSpec } from '../scenarioFields.js';
import { addTokens, cacheHitShare, emptyTokens, type AgentStats, type TierRoleStats, type TokenSums } from './agents.js';
import { splitSpeed, type OtelStats, type OtelTierStats } from './otel.js';
import { PLACEHOLDER_MAX_OUTPUT_TOKENS } from '../read/claudeCodeRecord.js';
import type { PrStats } from './prs.js';

export interface FieldOptions {
  families?: readonly FamilyName[];
  bootstrap: number;
  seed: number | string;
  minObservations: number;
  /** Whose pull requests these are: sets review.rejectProbability.agent or .human; auto: bots' to agent, people's to human. */
  prsBy: 'agent' | 'human' | 'auto';
}

export interface Sources {
  claudeCode?: { label: string; stats: AgentStats };
  otel?: { label: string; stats: OtelStats };
  ccusage?: { label: string; rows: number; byTier: Map<string, TokenTotals> };
  prs?: { label: string; stats: PrStats };
}

/** At or above this share of placeholder turns, a tier and role's output per turn is not read from the logs. */
export const PLACEHOLDER_SHARE_MATERIAL = 0.05;

/**
 * The plausible range of each fitted quantity's median (judgment, documented in docs/cli.md): a
 * turn writes at least a tool call and at most the output limit; a run takes at least one turn;
 * a turn's tool time is under an hour; speeds and first-token times as the published ranges
 * (/work/shared/CALIBRATION.md) widened tenfold.
 */
export const PLAUSIBLE_RANGES: Record<string, readonly [low: number, high: number, unit: string]> = {
  outputTokensPerTurn: [10, 32_000, 'output tokens per turn'],
  turns: [1, 500, 'turns per run'],
  contextGrowthPerTurn: [1, 200_000, 'tokens appended per turn'],
  toolSecondsPerTurn: [0.01, 3_600, 'tool seconds per turn'],
  outputTokensPerSecond: [4, 600, 'output tokens per second'],
  timeToFirstTokenSeconds: [0.05, 60, 'seconds to first token'],
};

/** The positive families (every calibrated quantity is positive). */
const POSITIVE_FAMILIES: FamilyName[] = ['lognormal', 'gamma', 'weibull'];

const median = (v: Float64Array) => quantileOf(Float64Array.from(v).sort(), 0.5);
const count = (n: number) => n.toLocaleString('en-US');

class FieldSet {
  readonly fields: OverlayField[] = [];
  readonly notes: string[] = [];
  constructor(private readonly options: FieldOptions) {}

  set(path: string[], value: OverlayField['value'], comment: string): void {
    this.fields.push({ path, value, comment });
  }

  has(path: string): boolean {
    return this.fields.some((f) => f.path.join('.') === path);
  }

  /** Fits `values` once and sets every path to the winner (or notes why not). */
  fit(paths: string[][], values: Float64Array, what: string, source: string): boolean {
    const need = this.options.minObservations;
    const names = paths.map((p) => p.join('.')).join(', ');
    if (values.length < need) {
      this.notes.push(`${names}: not written: ${count(values.length)} ${what}, fewer than --min-observations ${need}`);
      return false;
    }
    const range = PLAUSIBLE_RANGES[paths[0]!.at(-1)!];
    if (range) {
      const m = median(values);
      if (!(m >= range[0] && m <= range[1])) {
        this.notes.push(`${names}: not written: the median of ${count(values.length)} ${what} is ${roundNumber(m)}, outside the plausible ${range[2]} (${range[0]} to ${range[1]})`);
        return false;
      }
    }
    // A sample of one repeated value (or nearly) fits a spike no scenario distribution can hold.
    if (new Set(values).size < 3) {
      this.notes.push(`${names}: not written: the ${count(values.length)} ${what} take fewer than 3 distinct values; no distribution to fit`);
      return false;
    }
    const result = fitCandidates(values, { families: this.options.families ?? POSITIVE_FAMILIES, bootstrap: this.options.bootstrap, seed: this.options.seed });
    const best = bestAccepted(result);
    if (!best) {
      this.notes.push(`${names}: not written: no family fits the ${what} (too few distinct values)`);
      return false;
    }
    const ahead = result.candidates.slice(0, result.candidates.indexOf(best)).map((c) => c.family);
    const k = result.candidates.length;
    const rank = ahead.length ? `ranked ${ahead.length + 1} of ${k} by AIC: ${ahead.join(', ')}, ahead, not a scenario distribution yet` : `best of ${k} by AIC`;
    const p = best.ksP === undefined ? '' : `, bootstrap p(KS) ${best.ksP.toFixed(3)}`;
    for (const path of paths) this.set(path, best.spec, `${best.family} (${rank}; KS ${best.ks.toFixed(3)}${p}) on ${count(values.length)} ${what}, ${source}`);
    return true;
  }
}

function agentFields(f: FieldSet, base: Scenario, src: NonNullable<Sources['claudeCode']>, otel: Sources['otel']): void {
  const { stats, label } = src;
  const source = `from ${label}`;
  let wroteTurns = false;
  const subagents = [...stats.byTierRole.values()].filter((s): s is TierRoleStats & { tier: string } => s.role === 'subagent' && s.tier !== undefined);
  for (const s of subagents) {
    const kinds = kindsRoutedTo(base, s.tier);
    if (kinds.length === 0) {
      f.notes.push(`${s.tier} subagent runs: no subtask kind is routed to ${s.tier} (routing.kinds), so no kind takes their figures`);
      continue;
    }
    const at = (field: string) => kinds.map((k) => ['workload', 'kinds', k, 'work', field]);
    const tier = base.prices.tiers[s.tier]!;
    // The model multiplies a kind's turns by its tier's turnsMultiplier: the logs' turns already hold it.
    const multiplier = tier.turnsMultiplier;
    const turns = s.turnsPerRun.values().map((t) => t / multiplier);
    const per = multiplier === 1 ? '' : `, divided by ${s.tier}'s turnsMultiplier ${multiplier} (the model multiplies it back)`;
    wroteTurns = f.fit(at('turns'), turns, `${s.tier} subagent runs (turns: deduplicated responses${per})`, source) || wroteTurns;
    const otelTier = otel?.stats.byTier.get(s.tier);
    const output = outputPerTurn(f, at('outputTokensPerTurn'), s, `${s.tier} subagent turns`, source, otel?.label, otelTier);
    f.fit(at('contextGrowthPerTurn'), s.growthPerTurn.values(), `${s.tier} subagent turns (next request's context − this one's − its output; ${count(s.nonPositiveGrowth)} compactions or flat turns and the turns after a placeholder left out)`, source);
    const split = otel && tierSplit(otel.stats, s.tier);
    const ttft = split ? split.ttftSeconds : specMean(tier.timeToFirstTokenSeconds);
    const speed = split ? 1 / split.secondsPerToken : specMean(tier.outputTokensPerSecond);
    if (output === 'none') {
      f.notes.push(`${at('toolSecondsPerTurn').map((p) => p.join('.')).join(', ')}: not written: it is seconds per turn less the generation time of the turn's output, and that output was not written (above)`);
      continue;
    }
    const seconds = s.secondsPerTurn.values();
    const outputs = s.secondsTurnOutput.values();
    // A placeholder turn's output: OpenTelemetry's mean for the tier (only when placeholders are material and it is given).
    const stand = output === 'otel' && otelTier ? meanOf(otelTier.workOutputTokens.values()) : Number.NaN;
    const tool: number[] = [];
    for (let i = 0; i < seconds.length; i++) {
      const o = Number.isNaN(outputs[i]!) ? stand : outputs[i]!;
      if (Number.isNaN(o)) continue;
      const t = seconds[i]! - ttft - o / speed;
      if (t > 0) tool.push(t);
    }
    const how = `${split ? 'OpenTelemetry' : 'the scenario'}'s ${s.tier} means: ${ttft.toPrecision(3)} s to first token, ${speed.toPrecision(3)} tokens/s${output === 'otel' ? `; a placeholder turn's output taken as OpenTelemetry's mean, ${roundNumber(stand)}` : ''}`;
    f.fit(at('toolSecondsPerTurn'), Float64Array.from(tool), `${s.tier} subagent turns (seconds to the next request − ${how})`, source);
  }
  if (wroteTurns)
    f.set(['agents', 'orientation', 'turns'], 0, `subagent runs are observed whole, reading included, in workload.kinds.*.work.turns (${label})`);
  for (const s of stats.byTierRole.values())
    if (s.role === 'main' && s.tier !== undefined && s.tier !== base.routing.orchestrator)
      f.notes.push(`${s.tier} main sessions: not used (the orchestrator tier is ${base.routing.orchestrator}: routing.orchestrator, or --tier-map)`);
  const main = stats.stats(base.routing.orchestrator, 'main');
  if (main)
    outputPerTurn(
      f,
      [['orchestration', 'plan', 'outputTokensPerTurn'], ['orchestration', 'consolidate', 'outputTokensPerTurn']],
      main,
      `${base.routing.orchestrator} main-session turns (the orchestrator tier)`,
      source,
      otel?.label,
      otel?.stats.byTier.get(base.routing.orchestrator),
    );
  let responses = 0;
  for (const s of stats.byTierRole.values()) responses += s.outputPerTurn.length;
  shareField(f, stats.totals, responses >= MIN_OBSERVATIONS, `${count(responses)} responses, ${source}`);
  const sessions = stats.sessionFigures();
  const runs = sessions.subagentsPerSession.filter((v) => v > 0);
  if (runs.length >= MIN_OBSERVATIONS && base.workload.graph.generator !== 'explicit')
    f.set(
      ['workload', 'graph'],
      { generator: 'independent', count: { dist: 'empirical', samples: Array.from(observedValues(runs).values) } },
      `subtasks per change: the subagent runs of ${count(runs.length)} sessions with subagents (a session is one change; ${runs.length > OBSERVED_SAMPLE_MAX ? `${OBSERVED_QUANTILE_LEVELS + 1} quantiles` : 'every value'}), independent (the logs give no dependencies), ${source}`,
    );
  else f.notes.push(`workload.graph: not written: ${count(runs.length)} sessions with subagents${base.workload.graph.generator === 'explicit' ? '; an explicit graph sets its own subtasks' : `, fewer than ${MIN_OBSERVATIONS}`}`);
  const peaks = sessions.peakPerSession;
  if (peaks.length >= MIN_OBSERVATIONS)
    f.set(['fanout'], Math.min(1024, Math.max(1, Math.round(median(peaks)))), `median over ${count(peaks.length)} sessions with subagents of the most subagents running at once, ${source}`);
  else f.notes.push(`fanout: not written: ${peaks.length} sessions with subagents, fewer than ${MIN_OBSERVATIONS}`);
}

const meanOf = (v: Float64Array) => {
  let m = 0;
  for (const x of v) m += x / v.length;
  return v.length ? m : Number.NaN;
};

/**
 * Output per turn of a tier and role: from the logs' final counts when placeholders are few;
 * else from OpenTelemetry's api_request events of the tier (final counts, auxiliary calls left
 * out) when given; else not written, with the share that stopped it. Says where it came from.
 */
function outputPerTurn(f: FieldSet, paths: string[][], s: TierRoleStats, what: string, source: string, otelLabel: string | undefined, otel: OtelTierStats | undefined): 'logs' | 'otel' | 'none' {
  const turns = s.outputPerTurn.length;
  const share = turns > 0 ? s.placeholders / turns : 0;
  const measured = `${count(s.placeholders)} of ${count(turns)} ${what} (${(100 * share).toFixed(1)}%) were logged at ${PLACEHOLDER_MAX_OUTPUT_TOKENS} output tokens or fewer with no stop_reason: streaming placeholders, the final count never written`;
  if (share < PLACEHOLDER_SHARE_MATERIAL)
    return f.fit(paths, s.finalOutputPerTurn.values(), `${what}${s.placeholders ? ` (${count(s.placeholders)} placeholders left out)` : ''}`, source) ? 'logs' : 'none';
  if (otel && otelLabel && otel.workOutputTokens.length > 0)
    return f.fit(paths, otel.workOutputTokens.values(), `${s.tier} api_request events (final counts; auxiliary calls left out), because ${measured}`, `from ${otelLabel}`) ? 'otel' : 'none';
  f.notes.push(`${paths.map((p) => p.join('.')).join(', ')}: not written (left at the scenario's value): ${measured}; give --otel for final counts`);
  return 'none';
}

/** agents.cacheHitShare, unless a source read before set it (Claude Code, then OpenTelemetry, then ccusage). */
function shareField(f: FieldSet, t: TokenSums, enough: boolean, over: string): void {
  const share = cacheHitShare(t);
  if (f.has('agents.cacheHitShare') || !enough || Number.isNaN(share)) return;
  f.set(['agents', 'cacheHitShare'], share, `cache read / (cache read + uncached input) over ${over}`);
}

function tierSplit(stats: OtelStats, tier: string) {
  const s = stats.byTier.get(tier);
  return s ? splitSpeed(s.durationSeconds.values(), s.outputTokens.values()) : undefined;
}

function otelFields(f: FieldSet, src: NonNullable<Sources['otel']>): void {
  const source = `from ${src.label}`;
  let requests = 0;
  for (const [tier, s] of src.stats.byTier) {
    requests += s.requests;
    if (!tier) continue;
    const n = s.durationSeconds.length;
    const split = n >= 2 ? splitSpeed(s.durationSeconds.values(), s.outputTokens.values()) : undefined;
    if (!split) {
      f.notes.push(`prices.tiers.${tier}: speed not written: ${count(n)} api_request events with a duration${n >= 2 ? ' do not fit duration = ttft + output / speed with both positive' : ''}`);
      continue;
    }
    const line = `(duration = ${split.ttftSeconds.toPrecision(3)} s + output / ${(1 / split.secondsPerToken).toPrecision(3)} tokens/s over ${count(n)} events)`;
    f.fit([['prices', 'tiers', tier, 'outputTokensPerSecond']], split.speeds, `${tier} api_request events of >= 100 output tokens: output / (duration − ttft) ${line}`, source);
    f.fit([['prices', 'tiers', tier, 'timeToFirstTokenSeconds']], split.ttfts, `${tier} api_request events of < 100 output tokens: duration − output / speed ${line}`, source);
  }
  shareField(f, src.stats.totals, requests >= MIN_OBSERVATIONS, `${count(requests)} api_request events, ${source}`);
}

function prFields(f: FieldSet, base: Scenario, src: NonNullable<Sources['prs']>, by: 'agent' | 'human' | 'auto'): void {
  const s = src.stats;
  const source = `from ${src.label}`;
  const drafts = s.drafts ? ` (${count(s.drafts)} drafts left out)` : '';
  const reject = (who: 'agent' | 'human' /* review.rejectProbability's authors */, d: { merged: number; closedUnmerged: number }, whose: string) => {
    const decided = d.merged + d.closedUnmerged;
    if (decided >= MIN_OBSERVATIONS)
      f.set(['review', 'rejectProbability', who], d.closedUnmerged / decided, `closed without merge: ${count(d.closedUnmerged)} of ${count(decided)} closed ${whose}PRs${drafts}, ${source}`);
    else f.notes.push(`review.rejectProbability.${who}: not written: ${count(decided)} closed ${whose}PRs, fewer than ${MIN_OBSERVATIONS}`);
  };
  if (by === 'auto') {
    // Bots (GitHub Apps) author the agents' changes; people the rest (a PR with no author counts as a person's).
    reject('agent', s.byAuthor.bot, 'bot-authored ');
    reject('human', { merged: s.byAuthor.person.merged + s.byAuthor.unknown.merged, closedUnmerged: s.byAuthor.person.closedUnmerged + s.byAuthor.unknown.closedUnmerged }, 'person-authored ');
  } else reject(by, s, '');
  if (s.mergedReviewed >= MIN_OBSERVATIONS) {
    f.set(['review', 'judgmentChangeProbability'], s.mergedWithChangesRequested / s.mergedReviewed, `merged PRs with a CHANGES_REQUESTED review: ${count(s.mergedWithChangesRequested)} of ${count(s.mergedReviewed)}, ${source}`);
    f.set(['review', 'maxRounds'], Math.min(50, Math.max(1, s.maxRoundsMerged)), `no merged PR took more rounds (1 + changes requested) over ${count(s.mergedReviewed)} merged PRs, ${source}`);
  } else f.notes.push(`review.judgmentChangeProbability, review.maxRounds: not written: ${s.mergedReviewed} merged PRs with review data, fewer than ${MIN_OBSERVATIONS}`);
  if (s.linesPerHour.length >= MIN_OBSERVATIONS)
    f.set(['review', 'linesPerHour'], median(s.linesPerHour.values()), `median of lines / reviewHours over ${count(s.linesPerHour.length)} PRs, ${source}`);
  else f.notes.push(`review.linesPerHour: not written: ${s.linesPerHour.length} PRs with a reviewHours column (gh gives no review start times)`);
  const sizes = s.sizes.values();
  const graph = f.fields.find((x) => x.path.join('.') === 'workload.graph')?.value as { count: { samples: number[] } } | undefined;
  const subtasks = graph ? graph.count.samples.reduce((a, b) => a + b, 0) / graph.count.samples.length : expectedSubtasks(base);
  const modelLines = subtasks * meanSubtaskLines(base);
  if (sizes.length < MIN_OBSERVATIONS || base.workload.graph.generator === 'explicit' || !(modelLines > 0)) {
    f.notes.push(`workload.kinds.*.sizeLines: not written (${count(sizes.length)} PRs with changed lines${base.workload.graph.generator === 'explicit' ? '; an explicit graph sets its own sizes' : ''})`);
    return;
  }
  let mean = 0;
  for (const v of sizes) mean += v / sizes.length;
  const factor = mean / modelLines;
  for (const [kind, k] of Object.entries(base.workload.kinds)) {
    if (!(specMean(k.sizeLines) > 0)) continue;
    f.set(['workload', 'kinds', kind, 'sizeLines'], scaleSpec(k.sizeLines, factor) as Exclude<DistSpec, number>, `the scenario's shape scaled x${factor.toPrecision(3)} so a change averages ${Math.round(mean)} lines, the mean additions + deletions of ${count(sizes.length)} PRs, ${source}`);
  }
}

/** The overlay fields the sources give, in scenario order, and notes on what was not written. */
export function deriveFields(base: Scenario, sources: Sources, options: FieldOptions): { fields: OverlayField[]; notes: string[] } {
  const f = new FieldSet(options);
  if (sources.claudeCode) agentFields(f, base, sources.claudeCode, sources.otel);
  if (sources.otel) otelFields(f, sources.otel);
  if (sources.ccusage) {
    const t = emptyTokens();
    for (const v of sources.ccusage.byTier.values()) addTokens(t, v);
    shareField(f, t, sources.ccusage.rows > 0, `the token totals of ${count(sources.ccusage.rows)} report rows, from ${sources.ccusage.label}`);
  }
  if (sources.prs) prFields(f, base, sources.prs, options.prsBy);
  return { fields: f.fields, notes: f.notes };
}
