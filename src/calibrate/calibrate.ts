/**
 * `orchsim calibrate`: reads a team's Claude Code session logs, ccusage report, OpenTelemetry
 * events and pull-request history (any of them), fits the scenario fields they inform, and
 * writes an overlay scenario holding only those fields, each with a comment on its source and
 * its number of observations, and under calibration.observed what it observed of the quantities
 * the model produces itself (for observed-vs-simulated.csv); prints a short report of what it
 * read. Nothing is written when any input is bad (unless --lenient, which skips and counts bad
 * lines).
 */
import { existsSync, statSync } from 'node:fs';
import type { Scenario } from '../model/index.js';
import { UsageError } from '../experiment/index.js';
import { writeFileAtomic } from '../output/index.js';
import { AgentStats } from './derive/agents.js';
import { deriveFields, type FieldOptions, type Sources } from './derive/fields.js';
import { observedFields } from './derive/observed.js';
import { OtelStats } from './derive/otel.js';
import { PrStats } from './derive/prs.js';
import { parseFamilies } from './fitColumn.js';
import { overlayYaml } from './overlay.js';
import { readCcusage, type TokenTotals } from './read/ccusage.js';
import { ClaudeCodeReader } from './read/claudeCode.js';
import { BadLines } from './read/lines.js';
import { readOtel } from './read/otel.js';
import { readPullRequests } from './read/prs.js';
import { TierMap } from './read/tiers.js';
import { ccusageAgainstLogs, ccusageReport, claudeCodeReport, fieldsReport, otelReport, prReport, tokenSum, type LogTotals } from './report.js';
import { checkOverlay } from './scenarioFields.js';

export interface CalibrateFlags {
  claudeCode?: string;
  ccusage?: string;
  otel?: string;
  prs?: string;
  out?: string;
  force?: boolean;
  tierMap: string[];
  lenient?: boolean;
  bootstrap: number;
  seed: number | string;
  families?: string;
  minObservations: number;
  prsBy: string;
}

export interface Calibration {
  /** Undefined when no field had enough observations. */
  overlay: string | undefined;
  report: string;
  fields: number;
}

/** Reads the sources and builds the overlay and the report (writes nothing). */
export function calibrate(flags: CalibrateFlags, base: Scenario, baseName: string): Calibration {
  if (!flags.claudeCode && !flags.ccusage && !flags.otel && !flags.prs)
    throw new UsageError('calibrate: give at least one source: --claude-code DIR, --ccusage FILE, --otel FILE or --prs FILE', 'source');
  if (flags.prsBy !== 'agent' && flags.prsBy !== 'human' && flags.prsBy !== 'auto') throw new UsageError(`--prs-by ${flags.prsBy}: expected agent, human or auto (bot authors are agents)`, 'prs-by');
  const options: FieldOptions = {
    families: parseFamilies(flags.families),
    bootstrap: flags.bootstrap,
    seed: flags.seed,
    minObservations: flags.minObservations,
    prsBy: flags.prsBy,
  };
  const tiers = new TierMap(Object.keys(base.prices.tiers), flags.tierMap);
  const bad = new BadLines(flags.lenient ?? false);
  const sources: Sources = {};
  const sections: string[] = [];
  let logs: LogTotals | undefined;
  if (flags.claudeCode) {
    const stats = new AgentStats();
    const reader = new ClaudeCodeReader(tiers, bad, (call) => stats.add(call));
    reader.readFolder(flags.claudeCode);
    if (reader.counts.responses === 0)
      throw new UsageError(`--claude-code ${flags.claudeCode}: no assistant responses with token usage in ${reader.counts.files} session file(s)`, 'claude-code');
    sources.claudeCode = { label: `--claude-code ${flags.claudeCode}`, stats };
    logs = {
      tokens: tokenSum(stats.totals),
      replayedTokens: reader.replayedTokens(),
      replayedResponses: reader.counts.replayedResponses,
      byModel: reader.byModel,
      embeddedByModel: reader.embeddedByModel,
      replayedByModel: reader.replayedByModel(),
    };
    sections.push(claudeCodeReport(flags.claudeCode, reader.counts, reader.replayedTokens(), stats, tiers.unmapped(), reader.byModel, reader.embeddedByModel));
  }
  if (flags.otel) {
    const stats = new OtelStats();
    const counts = readOtel(flags.otel, bad, (r) => stats.add(r, tiers.tierOf(r.model)));
    if (counts.lines === 0) throw new UsageError(`--otel ${flags.otel}: the file is empty`, 'otel');
    sources.otel = { label: `--otel ${flags.otel}`, stats };
    sections.push(otelReport(flags.otel, counts, stats));
  }
  if (flags.ccusage) {
    const totals = readCcusage(flags.ccusage, bad);
    const byTier = new Map<string, TokenTotals>();
    for (const [model, t] of totals.byModel) {
      const tier = tiers.tierOf(model) ?? '';
      const into = byTier.get(tier) ?? { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 };
      for (const k of Object.keys(into) as (keyof TokenTotals)[]) into[k] += t[k];
      byTier.set(tier, into);
    }
    sources.ccusage = { label: `--ccusage ${flags.ccusage}`, rows: totals.rows, byTier };
    sections.push(ccusageReport(flags.ccusage, totals, byTier));
    if (logs) sections.push(ccusageAgainstLogs(totals, logs));
  }
  if (flags.prs) {
    const stats = new PrStats();
    const counts = readPullRequests(flags.prs, bad, (pr) => stats.add(pr));
    sources.prs = { label: `--prs ${flags.prs}`, stats };
    sections.push(prReport(flags.prs, counts, stats));
  }
  const { fields, notes } = deriveFields(base, sources, options);
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

/** The command: the overlay to --out (report on stdout), or to stdout (report on stderr). */
export function calibrateCommand(flags: CalibrateFlags, base: Scenario, baseName: string, io: { out(text: string): void; err(text: string): void }): void {
  if (flags.out !== undefined && existsSync(flags.out)) {
    if (statSync(flags.out).isDirectory()) throw new UsageError(`--out ${flags.out}: is a directory; give a file name`, 'out');
    if (!flags.force) throw new UsageError(`--out ${flags.out}: already exists; pass --force to overwrite it`, 'out');
  }
  const result = calibrate(flags, base, baseName);
  if (result.overlay === undefined) {
    io.err(result.report);
    throw new UsageError('calibrate: no field had enough observations to write (see the notes above); lower --min-observations or give more data', 'source');
  }
  if (flags.out === undefined) {
    io.err(result.report);
    io.out(result.overlay);
    return;
  }
  writeFileAtomic(flags.out, result.overlay, flags.force ?? false);
  io.out(`${result.report}wrote ${flags.out}: ${result.fields} fields (orchsim run ${flags.out})\n`);
}
