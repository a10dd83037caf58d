/**
 * Calibration: reads a team's Claude Code session logs, ccusage report, OpenTelemetry events and
 * pull-request history (any of them), fits the scenario fields they inform, and builds an overlay
 * scenario holding only those fields, each with a comment on its source and its number of
 * observations, and under calibration.observed what it observed of the quantities the model
 * produces itself (for observed-vs-simulated.csv), with a short report of what it read. Nothing
 * is built when any input is bad (unless `lenient`, which skips and counts bad lines). The
 * command's flags become these options in ./calibrateCommand.ts.
 */
import { UsageError } from '../errors/index.js';
import { DEFAULT_SCENARIO, type Scenario } from '../model/index.js';
import { AgentStats } from './derive/agents.js';
import { deriveFields, type FieldOptions, type Sources } from './derive/fields.js';
import { observedFields } from './derive/observed.js';
import { OtelStats } from './derive/otel.js';
import { PrStats } from './derive/prs.js';
import type { FamilyName } from './fit/family.js';
import { overlayYaml } from './overlay.js';
import { readCcusage, type TokenTotals } from './read/ccusage.js';
import { ClaudeCodeReader } from './read/claudeCode.js';
import { BadLines } from './read/lines.js';
import { readOtel } from './read/otel.js';
import { readPullRequests } from './read/prs.js';
import { TierMap, type TierRule } from './read/tiers.js';
import { ccusageAgainstLogs, ccusageReport, claudeCodeReport, fieldsReport, otelReport, prReport, tokenSum, type LogTotals } from './report.js';
import { checkOverlay } from './scenarioFields.js';

/** What to calibrate from, and how. */
export interface CalibrateOptions {
  /** A project's Claude Code session logs (~/.claude/projects/<project>), subagent files included. */
  claudeCodeDir?: string;
  /** A ccusage report (`ccusage daily --json` or `session --json`). */
  ccusageFile?: string;
  /** OpenTelemetry events (claude_code.api_request), OTLP/HTTP JSON documents or flat records. */
  otelFile?: string;
  /** Pull-request history: `gh pr list --state all --json number,createdAt,mergedAt,closedAt,additions,deletions,reviews` output, or a CSV with those columns. */
  prsFile?: string;
  /** Models whose name holds `pattern` (case-insensitive) are `tier`, in order, before a tier's own name in the model name. */
  tierMap?: readonly TierRule[];
  /** Skip and count bad lines instead of stopping at the first (default false). */
  lenient?: boolean;
  /** Bootstrap replicates per fitted field, for p-values (default 0: none). */
  bootstrap?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number | string;
  /** Candidate families (default lognormal, gamma, weibull). */
  families?: readonly FamilyName[];
  /** Fit a distribution only on at least this many values (default 20). */
  minObservations?: number;
  /** Whose pull requests: `agent` or `human` (sets review.rejectProbability.<who>), or `auto` (bot authors are agents, the rest people). Default `agent`. */
  prsBy?: 'agent' | 'human' | 'auto';
}

export interface Calibration {
  /** Undefined when no field had enough observations. */
  overlay: string | undefined;
  report: string;
  fields: number;
}

/** A calibration without a source: the message names the command's flags, as the CLI's does. */
export function checkSources(options: Pick<CalibrateOptions, 'claudeCodeDir' | 'ccusageFile' | 'otelFile' | 'prsFile'>): void {
  if (!options.claudeCodeDir && !options.ccusageFile && !options.otelFile && !options.prsFile)
    throw new UsageError('calibrate: give at least one source: --claude-code DIR, --ccusage FILE, --otel FILE or --prs FILE', 'source');
}

/**
 * Reads the sources and builds the overlay scenario (YAML text) and the report; writes nothing.
 * The fields follow the routing and tiers of `base` (named `baseName` in the overlay's comments).
 *
 * @example
 * ```ts
 * import { calibrate } from 'orchsim';
 * import assert from 'node:assert/strict';
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * // 30 merged pull requests (numbers and dates only), as `gh pr list --json ...` writes them.
 * const prs = Array.from({ length: 30 }, (_, i) => ({
 *   number: i + 1, isDraft: false, author: { login: 'dev' },
 *   createdAt: `2026-03-${String(1 + (i % 20)).padStart(2, '0')}T09:00:00Z`,
 *   mergedAt: `2026-03-${String(2 + (i % 20)).padStart(2, '0')}T${String(10 + (i % 8)).padStart(2, '0')}:00:00Z`,
 *   closedAt: null, additions: 40 + 13 * i, deletions: 5 + (i % 7),
 *   reviews: [{ state: i % 4 === 0 ? 'CHANGES_REQUESTED' : 'APPROVED', submittedAt: `2026-03-${String(2 + (i % 20)).padStart(2, '0')}T09:30:00Z` }],
 * }));
 * const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
 * writeFileSync(join(dir, 'prs.json'), JSON.stringify(prs));
 * const result = calibrate({ prsFile: join(dir, 'prs.json'), prsBy: 'human' });
 * rmSync(dir, { recursive: true });
 * assert.ok(result.fields > 0);
 * console.log(result.overlay); // YAML: the review fields, each with its source in a comment
 * ```
 */
export function calibrate(options: CalibrateOptions, base: Scenario = DEFAULT_SCENARIO, baseName = 'the default scenario'): Calibration {
  checkSources(options);
  const { claudeCodeDir, ccusageFile, otelFile, prsFile } = options;
  const fieldOptions: FieldOptions = {
    families: options.families,
    bootstrap: options.bootstrap ?? 0,
    seed: options.seed ?? 1,
    minObservations: options.minObservations ?? 20,
    prsBy: options.prsBy ?? 'agent',
  };
  const tiers = new TierMap(Object.keys(base.prices.tiers), options.tierMap);
  const bad = new BadLines(options.lenient ?? false);
  const sources: Sources = {};
  const sections: string[] = [];
  let logs: LogTotals | undefined;
  if (claudeCodeDir) {
    const stats = new AgentStats();
    const reader = new ClaudeCodeReader(tiers, bad, (call) => stats.add(call));
    reader.readFolder(claudeCodeDir);
    if (reader.counts.responses === 0)
      throw new UsageError(`--claude-code ${claudeCodeDir}: no assistant responses with token usage in ${reader.counts.files} session file(s)`, 'claude-code');
    sources.claudeCode = { label: `--claude-code ${claudeCodeDir}`, stats };
    logs = {
      tokens: tokenSum(stats.totals),
      replayedTokens: reader.replayedTokens(),
      replayedResponses: reader.counts.replayedResponses,
      byModel: reader.byModel,
      embeddedByModel: reader.embeddedByModel,
      replayedByModel: reader.replayedByModel(),
    };
    sections.push(claudeCodeReport(claudeCodeDir, reader.counts, reader.replayedTokens(), stats, tiers.unmapped(), reader.byModel, reader.embeddedByModel));
  }
  if (otelFile) {
    const stats = new OtelStats();
    const counts = readOtel(otelFile, bad, (r) => stats.add(r, tiers.tierOf(r.model)));
    if (counts.lines === 0) throw new UsageError(`--otel ${otelFile}: the file is empty`, 'otel');
    sources.otel = { label: `--otel ${otelFile}`, stats };
    sections.push(otelReport(otelFile, counts, stats));
  }
  if (ccusageFile) {
    const totals = readCcusage(ccusageFile, bad);
    const byTier = new Map<string, TokenTotals>();
    for (const [model, t] of totals.byModel) {
      const tier = tiers.tierOf(model) ?? '';
      const into = byTier.get(tier) ?? { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 };
      for (const k of Object.keys(into) as (keyof TokenTotals)[]) into[k] += t[k];
      byTier.set(tier, into);
    }
    sources.ccusage = { label: `--ccusage ${ccusageFile}`, rows: totals.rows, byTier };
    sections.push(ccusageReport(ccusageFile, totals, byTier));
    if (logs) sections.push(ccusageAgainstLogs(totals, logs));
  }
  if (prsFile) {
    const stats = new PrStats();
    const counts = readPullRequests(prsFile, bad, (pr) => stats.add(pr));
    sources.prs = { label: `--prs ${prsFile}`, stats };
    sections.push(prReport(prsFile, counts, stats));
  }
  const { fields, notes } = deriveFields(base, sources, fieldOptions);
  const observed = observedFields(sources);
  const observedLine = observed.length
    ? `\nobserved (calibration.observed, for observed-vs-simulated.csv): ${observed.map((f) => `${f.path.at(-1)} (${(f.value as { observations: number }).observations})`).join(', ')}`
    : '';
  const report = `orchsim calibrate: read\n${sections.join('\n')}\n${fieldsReport(fields, notes)}${observedLine}\n`;
  if (fields.length === 0) return { overlay: undefined, report, fields: 0 };
  const overlay = overlayYaml(
    [
      `orchsim calibrate overlay: only the fitted fields; the rest comes from the scenario it is merged onto.`,
      `Fields follow the routing and tiers of ${baseName}. Run it with: orchsim run <this file>`,
      `calibration.observed holds what was observed (numbers only): the run writes observed-vs-simulated.csv from it.`,
      ...(notes.length ? ['Not written (left at the scenario it is merged onto), and why:', ...notes.map((n) => `  ${n}`)] : []),
    ],
    [
      ...fields,
      // Which fields were measured, so that robustness narrows their judgment ranges.
      { path: ['calibration', 'measured'], value: fields.map((f) => f.path.join('.')), comment: 'the fields above, measured from the data (orchsim robustness narrows their ranges)' },
      ...observed,
    ],
  );
  checkOverlay(overlay, 'calibrate', base);
  return { overlay, report, fields: fields.length };
}
