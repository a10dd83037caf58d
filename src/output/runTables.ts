/**
 * The tables of a run (one point): each regime's merge rate, wall clock, cost per merged change
 * and token multiples; the cost per resolved outcome; where each regime's tokens go by role.
 */
import { AGENT_BASELINE, type Scenario } from '../model/index.js';
import { human, regimeName, table, usd } from './readable.js';
import type { RowIndex } from './summaryIndex.js';
import type { ReportPoint } from './console.js';

/** The run's table: a row per regime, with what its figures are over. */
export function regimeTable(index: RowIndex, point: number, at: Scenario): string {
  const regimes = index.regimes(point);
  const agentBaseline = AGENT_BASELINE && regimes.includes(AGENT_BASELINE) ? AGENT_BASELINE : null;
  const rows = regimes.map((regime) => {
    const wall = index.dist(point, regime, 'wall_clock_hours');
    const ratio = index.ratio(point, regime);
    const rate = index.dist(point, regime, 'merge_rate');
    const tokens = index.dist(point, regime, 'total_tokens');
    const base = agentBaseline ? index.dist(point, agentBaseline, 'total_tokens') : undefined;
    const multiple = tokens && base && base.mean > 0 && tokens.mean > 0 ? `${(tokens.mean / base.mean).toFixed(2)}x` : '-';
    // The published premiums' own baseline: a single-shot answer to the same change.
    const shot = index.dist(point, regime, 'single_shot_tokens');
    const overShot = tokens && shot && shot.mean > 0 && tokens.mean > 0 ? `${human(tokens.mean / shot.mean, 0)}x` : '-';
    return [
      regimeName(regime, at),
      human(rate?.mean, 3),
      human(wall?.p50),
      human(wall?.p95),
      `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
      multiple,
      overShot,
    ];
  });
  return table(
    ['regime', 'merge rate', 'wall h p50', 'wall h p95', 'cost per merged change [95% CI]', `tokens vs ${AGENT_BASELINE ?? '-'}`, 'vs single-shot'],
    rows,
  ) +
    '\n  (wall clock: over the replications that merged; cost per merged change: everything spent, merged or not, over the changes merged, with its 95% bootstrap interval;' +
    '\n   tokens against one agent, and against a single-shot answer to the same change, the baseline of the published 4x (an agent) and 15x (a multi-agent system))';
}

/** The outcome view: cost per resolved outcome (every dollar over the outcomes no person stepped into). */
export function resolvedOutcomes(index: RowIndex, p: ReportPoint): string[] {
  const parts: string[] = [];
  for (const regime of index.regimes(p.point)) {
    const cost = index.ratioOf(p.point, regime, 'cost_per_resolved_usd');
    const rate = index.dist(p.point, regime, 'unaided_resolution_rate')?.mean;
    if (!cost) continue;
    const ci = Number.isFinite(cost.ciLow) ? ` [${usd(cost.ciLow)}, ${usd(cost.ciHigh)}]` : '';
    parts.push(`${regimeName(regime, p.scenario)} ${usd(cost.mean)}${ci} (${human(rate, 3)} resolved)`);
  }
  return parts.length ? [`cost per resolved outcome (share resolved without a person stepping in): ${parts.join(', ')}`] : [];
}

/** The token columns by role, in registry order, with their labels. */
const TOKEN_ROLES = [
  ['tokens_plan', 'plan'],
  ['tokens_consolidate', 'consolidate'],
  ['tokens_context', 'fresh-context start-up'],
  ['tokens_work', 'work'],
  ['tokens_retry', 'retries and rework'],
  ['tokens_revision', 'revisions'],
] as const;

/** Where each regime's tokens go (mean per replication): where fan-out's multiple comes from. */
export function tokenRoles(index: RowIndex, p: ReportPoint): string[] {
  const rows: string[][] = [];
  for (const regime of index.regimes(p.point)) {
    const total = index.dist(p.point, regime, 'total_tokens')?.mean;
    if (!total || !Number.isFinite(total)) continue;
    rows.push([
      regimeName(regime, p.scenario),
      ...TOKEN_ROLES.map(([metric]) => {
        const v = index.dist(p.point, regime, metric)?.mean;
        return v === undefined || !Number.isFinite(v) ? '-' : `${human(v / 1000, 0)}k (${((100 * v) / total).toFixed(0)}%)`;
      }),
      `${human(total / 1000, 0)}k`,
    ]);
  }
  if (rows.length === 0) return [];
  return ['tokens by role (mean per replication)', table(['regime', ...TOKEN_ROLES.map(([, label]) => label), 'total'], rows)];
}
