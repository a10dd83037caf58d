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
import type { ClaudeCodeCounts, ModelTotals } from './read/claudeCode.js';
import { PLACEHOLDER_MAX_OUTPUT_TOKENS } from './read/claudeCodeRecord.js';
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

/** Per model: the responses and tokens by class the logs hold, and how many came only from agent_progress lines. */
function modelTable(byModel: Map<string, ModelTotals>, embeddedByModel: Map<string, ModelTotals>): string {
  const rows = [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, t]) => [model || '(no model)', n(t.responses), n(t.inputTokens), n(t.cacheWriteTokens), n(t.cacheReadTokens), n(t.outputTokens), n(embeddedByModel.get(model)?.responses ?? 0)]);
  return table(['model', 'responses', 'input', 'cache write', 'cache read', 'output', 'of them only in agent_progress'], rows, '    ');
}

export function claudeCodeReport(label: string, c: ClaudeCodeCounts, replayedTokens: number, stats: AgentStats, unmapped: string[], byModel: Map<string, ModelTotals>, embeddedByModel: Map<string, ModelTotals>): string {
  const dropped = c.repeatedLines + c.copiedLines + c.replayedLines;
  const lines = [
    `  claude-code ${label}: ${plural(c.files, 'file')} (${n(c.mainFiles)} main, ${n(c.subagentFiles)} subagent), ${plural(c.lines, 'line')}, ${mb(c.bytes)}`,
    `    responses kept ${n(c.responses)}; duplicate lines dropped ${n(dropped)} (${n(c.repeatedLines)} repeats in the same file: content blocks, streaming partials; ${n(c.copiedLines)} copies in another file; ${n(c.replayedLines)} sidechain replays of ${plural(c.replayedResponses, 'response')} under new request ids, ${n(replayedTokens)} tokens: ccusage #913); API error lines ${n(c.errorLines)}; malformed lines skipped ${n(c.malformedSkipped)}; other lines ${n(c.otherLines)}`,
    `    layouts: ${n(c.rootAgentFiles)} root-level agent files (2.0.x, joined by sessionId); ${n(c.sidechainRuns)} sidechain runs inside main files (1.0.x); ${n(c.embeddedResponses)} responses only in agent_progress lines (${n(c.embeddedDuplicates)} more also in a subagent file, counted once); compaction: ${n(c.compactionFiles)} agent-acompact files, ${n(c.compactionBoundaries)} compact_boundary lines (never subagents); lines holding glued records ${n(c.gluedLines)} (${n(c.gluedRecords)} records split)`,
    modelTable(byModel, embeddedByModel),
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
      s.outputPerTurn.length ? `${((100 * s.placeholders) / s.outputPerTurn.length).toFixed(1)}%` : '-',
    ]);
  if (rows.length)
    lines.push(
      table(['tier', 'role', 'runs', 'turns', 'turns/run p50', 'output/turn p50', 'growth/turn p50', 'start context p50', 'cache hit', 's/turn p50', 'placeholders'], rows, '    '),
    );
  const s = stats.sessionFigures();
  let compactions = 0;
  for (const v of s.compactionsPerSession) compactions += v;
  lines.push(`    sessions ${n(s.sessions)}; subagents per session p50 ${p50(s.subagentsPerSession)}, p90 ${p90(s.subagentsPerSession)}; most at once p50 ${p50(s.peakPerSession)}; compaction calls ${n(compactions)}`);
  lines.push(`    placeholders: responses logged at ${PLACEHOLDER_MAX_OUTPUT_TOKENS} output tokens or fewer with no stop_reason (the final count never written); output per turn is not fitted from them`);
  if (unmapped.length) lines.push(`    models matching no tier (left out of the per-tier figures; map them with --tier-map): ${unmapped.join(', ')}`);
  return lines.join('\n');
}

export function otelReport(label: string, c: OtelCounts, stats: OtelStats): string {
  const byTier = [...stats.byTier.entries()].map(([t, s]) => `${t || '(no tier)'} ${n(s.requests)}`).join(', ');
  let cost = 0;
  for (const s of stats.byTier.values()) cost += s.costUsd;
  let auxiliary = 0;
  for (const s of stats.byTier.values()) auxiliary += s.auxiliary;
  return `  otel ${label}: ${plural(c.lines, 'line')}, ${plural(c.documents, 'document')}, ${plural(c.records, 'record')}: api_request events ${n(c.apiRequests)}${byTier ? ` (${byTier})` : ''}, of them auxiliary (query_source neither the main thread nor a subagent; left out of the fits) ${n(auxiliary)}; other events ${n(c.otherEvents)}; malformed lines or documents skipped ${n(c.malformedSkipped)}; cost_usd total ${cost.toFixed(2)}`;
}

export function ccusageReport(label: string, t: CcusageTotals, byTier: Map<string, { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; costUsd: number }>): string {
  const rows = [...byTier.entries()].map(([tier, v]) => [tier || '(no tier)', n(v.inputTokens), n(v.outputTokens), n(v.cacheWriteTokens), n(v.cacheReadTokens), v.costUsd.toFixed(2)]);
  return [`  ccusage ${label}: ${plural(t.rows, 'row')}; rows skipped ${n(t.malformedSkipped)}`, table(['tier', 'input', 'output', 'cache write', 'cache read', 'USD'], rows, '    ')].join('\n');
}

/** The deduplicated logs' totals, by model, and what their replays and agent_progress lines held. */
export interface LogTotals {
  tokens: number;
  replayedTokens: number;
  replayedResponses: number;
  byModel: Map<string, ModelTotals>;
  /** Counted responses found only in agent_progress lines (already inside byModel). */
  embeddedByModel: Map<string, ModelTotals>;
  /** Replays dropped (not inside byModel). */
  replayedByModel: Map<string, ModelTotals>;
}

/** Input + cache write + cache read + output tokens. */
export const tokenSum = (t: { inputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; outputTokens: number }) =>
  t.inputTokens + t.cacheWriteTokens + t.cacheReadTokens + t.outputTokens;

/** A model's name without its date suffix (ccusage may drop it): claude-opus-4-5-20251101 → claude-opus-4-5. */
const modelName = (model: string) => model.toLowerCase().replace(/-\d{8}$/, '');

/** Totals summed by modelName. */
function byModelName<T extends { inputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; outputTokens: number; responses?: number }>(m: Map<string, T>): Map<string, ModelTotals> {
  const out = new Map<string, ModelTotals>();
  for (const [model, v] of m) {
    const into = out.get(modelName(model)) ?? { ...ZERO };
    into.responses += v.responses ?? 0;
    for (const k of CLASSES) into[k] += v[k];
    out.set(modelName(model), into);
  }
  return out;
}

const CLASSES = ['inputTokens', 'cacheWriteTokens', 'cacheReadTokens', 'outputTokens'] as const;
const ZERO: ModelTotals = { responses: 0, inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0 };
const signed = (x: number) => `${x >= 0 ? '+' : ''}${n(x)}`;

/**
 * ccusage's totals against the logs', per model and token class, with any difference attributed
 * to its causes by counting each: responses the logs hold only in agent_progress lines (a report
 * that reads only assistant lines, as ccusage's session report does, lacks them: -E), sidechain
 * replays (a ccusage before the fix of its issue #913, PR #1155, counts them twice: +R), and what
 * neither explains (days or projects that one side holds and the other does not). For each model
 * the combination of the two causes (none, -E, +R, +R-E) that leaves the smallest remainder over
 * the four classes is the attribution; the remainder is reported as unexplained. The logs'
 * figures come first (ccusage's totals set agents.cacheHitShare only when no other source does).
 */
export function ccusageAgainstLogs(t: CcusageTotals, raw: LogTotals): string {
  let ccusage = 0;
  for (const v of t.byModel.values()) ccusage += tokenSum(v);
  const ccusageByModel = byModelName(t.byModel);
  const logs = { ...raw, byModel: byModelName(raw.byModel), embeddedByModel: byModelName(raw.embeddedByModel), replayedByModel: byModelName(raw.replayedByModel) };
  const excess = ccusage - logs.tokens;
  const out = [`    ccusage against the deduplicated logs: ${n(ccusage)} tokens, the logs ${n(logs.tokens)} (${signed(excess)}); the logs' sidechain replays dropped: ${plural(logs.replayedResponses, 'response')}, ${n(logs.replayedTokens)} tokens`];
  const models = [...new Set([...ccusageByModel.keys(), ...logs.byModel.keys()])].sort();
  const rows: string[][] = [];
  let embeddedResponses = 0;
  let embeddedTokens = 0;
  let replayResponses = 0;
  let replayTokens = 0;
  let unexplained = 0;
  for (const model of models) {
    const c = ccusageByModel.get(model);
    const l = logs.byModel.get(model) ?? ZERO;
    const e = logs.embeddedByModel.get(model) ?? ZERO;
    const r = logs.replayedByModel.get(model) ?? ZERO;
    rows.push([model || '(no model)', n(l.responses), ...CLASSES.map((k) => n(l[k])), ...(c ? CLASSES.map((k) => signed(c[k] - l[k])) : ['-', '-', '-', '-'])]);
    if (!c) continue;
    let best = { a: 0, b: 0, rest: Infinity };
    for (const a of [0, 1])
      for (const b of [0, 1]) {
        let rest = 0;
        for (const k of CLASSES) rest += Math.abs(c[k] - l[k] + a * e[k] - b * r[k]);
        if (rest < best.rest - 1e-9) best = { a, b, rest };
      }
    if (best.a) {
      embeddedResponses += e.responses;
      embeddedTokens += tokenSum(e);
    }
    if (best.b) {
      replayResponses += r.responses;
      replayTokens += tokenSum(r);
    }
    unexplained += best.rest;
  }
  for (const model of [...logs.byModel.keys()].filter((m) => !ccusageByModel.has(m))) unexplained += tokenSum(logs.byModel.get(model)!);
  out.push(table(['model', 'responses', 'input', 'cache write', 'cache read', 'output', 'ccusage − logs: input', 'cache write', 'cache read', 'output'], rows, '      '));
  if (excess === 0 && unexplained === 0) return out.join('\n');
  const causes: string[] = [];
  if (embeddedResponses) causes.push(`${plural(embeddedResponses, 'response')} (${n(embeddedTokens)} tokens) the logs hold only in agent_progress lines, which this ccusage report does not count (its session report reads assistant lines only; its daily report counts them)`);
  if (replayResponses) causes.push(`${plural(replayResponses, 'sidechain replay')} (${n(replayTokens)} tokens) this ccusage counts twice (its issue #913, fixed by PR #1155; upgrade it)`);
  if (causes.length) out.push(`    the difference, counted: ${causes.join('; ')}`);
  if (replayResponses && Math.abs(excess - logs.replayedTokens) <= 0.01 * logs.replayedTokens)
    out.push(`    warning: ccusage's excess matches the replays: this ccusage counts a sidechain replay twice (its issue #913, fixed by PR #1155; upgrade it). The logs' figures come first: ccusage's totals set agents.cacheHitShare only when no other source does`);
  if (unexplained > 0) out.push(`    unexplained by either: ${n(unexplained)} tokens (days or projects that one of them holds and the other does not: compare the same period and project); the logs' figures come first`);
  return out.join('\n');
}

export function prReport(label: string, c: PrCounts, s: PrStats): string {
  const wait = s.reviewWaitHours.values();
  return [
    `  prs ${label} (${c.format}): ${plural(c.items, 'PR')}: drafts left out ${n(s.drafts)}; merged ${n(s.merged)}, closed unmerged ${n(s.closedUnmerged)}, open ${n(s.open)}; skipped ${n(c.malformedSkipped)}`,
    `    authors: bots ${n(s.authored.bot)}, people ${n(s.authored.person)}, not given ${n(s.authored.unknown)}; reviews left out: by bots ${n(s.botReviews)}; dismissed (not a round) ${n(s.dismissedReviews)}`,
    `    review wait (opened to first review) p50 ${p50(wait)} h, p90 ${p90(wait)} h over ${n(wait.length)} PRs (the model's wait comes from its review queue: compare, not set); change size p50 ${p50(s.sizes.values())}, p90 ${p90(s.sizes.values())} lines`,
  ].join('\n');
}

export function fieldsReport(fields: readonly OverlayField[], notes: readonly string[]): string {
  const lines = [`calibrated ${plural(fields.length, 'field')}:`];
  for (const f of fields) lines.push(`  ${f.path.join('.')} = ${flowText(f.value)}`);
  if (notes.length) lines.push('not written:', ...notes.map((x) => `  ${x}`));
  return lines.join('\n');
}
