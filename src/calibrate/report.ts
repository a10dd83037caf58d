/**
 * The short report `calibrate` prints of what it read: files, lines, responses kept, duplicates
 * dropped, error lines, malformed lines skipped; per tier and role the medians of what is
 * fitted; and which fields were written. Numbers, ids, model names and file names only.
 */
import { quantileOf } from '../experiment/index.js';
import { table } from '../output/index.js';
import type { AgentStats } from './derive/agents.js';
import { cacheHitShare } from './derive/agents.js';
import type { OtelStats } from './derive/otel.js';
import type { PrStats } from './derive/prs.js';
import { flowText, roundNumber, type OverlayField } from './overlay.js';
import type { CcusageTotals } from './read/ccusage.js';
import type { ClaudeCodeCounts } from './read/claudeCode.js';
import type { OtelCounts } from './read/otel.js';
import type { PrCounts } from './read/prs.js';

const n = (x: number) => x.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const plural = (k: number, one: string, many = `${one}s`) => `${n(k)} ${k === 1 ? one : many}`;

function p50(values: Float64Array): string {
  return values.length ? String(roundNumber(quantileOf(Float64Array.from(values).sort(), 0.5))) : '-';
}

function p90(values: Float64Array): string {
  return values.length ? String(roundNumber(quantileOf(Float64Array.from(values).sort(), 0.9))) : '-';
}

export function claudeCodeReport(label: string, c: ClaudeCodeCounts, replayedTokens: number, stats: AgentStats, unmapped: string[]): string {
  const dropped = c.repeatedLines + c.copiedLines + c.replayedLines;
  const lines = [
    `  claude-code ${label}: ${plural(c.files, 'file')} (${n(c.mainFiles)} main, ${n(c.subagentFiles)} subagent), ${plural(c.lines, 'line')}, ${mb(c.bytes)}`,
    `    responses kept ${n(c.responses)}; duplicate lines dropped ${n(dropped)} (${n(c.repeatedLines)} repeats in the same file: content blocks, streaming partials; ${n(c.copiedLines)} copies in another file; ${n(c.replayedLines)} sidechain replays of ${plural(c.replayedResponses, 'response')} under new request ids, ${n(replayedTokens)} tokens: ccusage #913); API error lines ${n(c.errorLines)}; malformed lines skipped ${n(c.malformedSkipped)}; other lines ${n(c.otherLines)}`,
  ];
  const rows = [...stats.byTierRole.values()]
    .sort((a, b) => (a.tier ?? '~').localeCompare(b.tier ?? '~') || a.role.localeCompare(b.role))
    .map((s) => [
      s.tier ?? '(no tier)',
      s.role,
      n(s.runs),
      n(s.outputPerTurn.length),
      p50(s.turnsPerRun.values()),
      p50(s.outputPerTurn.values()),
      p50(s.growthPerTurn.values()),
      p50(s.startContext.values()),
      Number.isNaN(cacheHitShare(s.tokens)) ? '-' : cacheHitShare(s.tokens).toFixed(3),
      p50(s.secondsPerTurn.values()),
    ]);
  if (rows.length)
    lines.push(
      table(['tier', 'role', 'runs', 'turns', 'turns/run p50', 'output/turn p50', 'growth/turn p50', 'start context p50', 'cache hit', 's/turn p50'], rows, '    '),
    );
  const s = stats.sessionFigures();
  lines.push(`    sessions ${n(s.sessions)}; subagents per session p50 ${p50(s.subagentsPerSession)}, p90 ${p90(s.subagentsPerSession)}; most at once p50 ${p50(s.peakPerSession)}`);
  if (unmapped.length) lines.push(`    models matching no tier (left out of the per-tier figures; map them with --tier-map): ${unmapped.join(', ')}`);
  return lines.join('\n');
}

export function otelReport(label: string, c: OtelCounts, stats: OtelStats): string {
  const byTier = [...stats.byTier.entries()].map(([t, s]) => `${t || '(no tier)'} ${n(s.requests)}`).join(', ');
  let cost = 0;
  for (const s of stats.byTier.values()) cost += s.costUsd;
  return `  otel ${label}: ${plural(c.lines, 'line')}, ${plural(c.records, 'record')}: api_request events ${n(c.apiRequests)}${byTier ? ` (${byTier})` : ''}, other events ${n(c.otherEvents)}; malformed lines skipped ${n(c.malformedSkipped)}; cost_usd total ${cost.toFixed(2)}`;
}

export function ccusageReport(label: string, t: CcusageTotals, byTier: Map<string, { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; costUsd: number }>): string {
  const rows = [...byTier.entries()].map(([tier, v]) => [tier || '(no tier)', n(v.inputTokens), n(v.outputTokens), n(v.cacheWriteTokens), n(v.cacheReadTokens), v.costUsd.toFixed(2)]);
  return [`  ccusage ${label}: ${plural(t.rows, 'row')}; rows skipped ${n(t.malformedSkipped)}`, table(['tier', 'input', 'output', 'cache write', 'cache read', 'USD'], rows, '    ')].join('\n');
}

/** The deduplicated logs' token total, and what their sidechain replays held. */
export interface LogTotals {
  tokens: number;
  replayedTokens: number;
  replayedResponses: number;
}

/** Input + cache write + cache read + output tokens. */
export const tokenSum = (t: { inputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; outputTokens: number }) =>
  t.inputTokens + t.cacheWriteTokens + t.cacheReadTokens + t.outputTokens;

/**
 * ccusage's totals against the logs' deduplicated ones. A ccusage before the fix of its issue
 * #913 (PR #1155) counts a sidechain's replay of its parent's responses twice, and its JSON holds
 * only totals, so the double count cannot be taken out of it: it is named when the excess over
 * the logs matches the replays the logs dropped (to 1%); the logs' figures come first (ccusage's
 * totals set agents.cacheHitShare only when no other source does). The two may also differ because they cover different days or projects.
 */
export function ccusageAgainstLogs(t: CcusageTotals, logs: LogTotals): string {
  let ccusage = 0;
  for (const v of t.byModel.values()) ccusage += tokenSum(v);
  const excess = ccusage - logs.tokens;
  const head = `    ccusage against the deduplicated logs: ${n(ccusage)} tokens, the logs ${n(logs.tokens)} (${excess >= 0 ? '+' : ''}${n(excess)}); the logs' sidechain replays dropped: ${plural(logs.replayedResponses, 'response')}, ${n(logs.replayedTokens)} tokens`;
  if (logs.replayedTokens > 0 && Math.abs(excess - logs.replayedTokens) <= 0.01 * logs.replayedTokens)
    return `${head}\n    warning: ccusage's excess matches the replays: this ccusage counts a sidechain replay twice (its issue #913, fixed by PR #1155; upgrade it). The logs' figures come first: ccusage's totals set agents.cacheHitShare only when no other source does`;
  if (excess !== 0) return `${head}\n    note: the two differ (other days or projects in one of them?); the logs' figures come first`;
  return head;
}

export function prReport(label: string, c: PrCounts, s: PrStats): string {
  const wait = s.reviewWaitHours.values();
  return [
    `  prs ${label} (${c.format}): ${plural(c.items, 'PR')}: merged ${n(s.merged)}, closed unmerged ${n(s.closedUnmerged)}, open ${n(s.open)}; skipped ${n(c.malformedSkipped)}`,
    `    review wait (opened to first review) p50 ${p50(wait)} h, p90 ${p90(wait)} h over ${n(wait.length)} PRs (the model's wait comes from its review queue: compare, not set); change size p50 ${p50(s.sizes.values())}, p90 ${p90(s.sizes.values())} lines`,
  ].join('\n');
}

export function fieldsReport(fields: readonly OverlayField[], notes: readonly string[]): string {
  const lines = [`calibrated ${plural(fields.length, 'field')}:`];
  for (const f of fields) lines.push(`  ${f.path.join('.')} = ${flowText(f.value)}`);
  if (notes.length) lines.push('not written:', ...notes.map((x) => `  ${x}`));
  return lines.join('\n');
}
