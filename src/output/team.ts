/**
 * A team's throughput and its bottleneck (closed loops and streams), read from summary.csv's rows:
 * merged changes per month with its interval, lead time, work in progress, the utilisation of
 * every resource the team has, and the bottleneck, the resource with the highest mean
 * utilisation (../model/metrics.ts RESOURCES, bottleneckIndex) with its wait. The console and the
 * HTML report print the same table from here.
 */
import type { SummaryRow } from '../experiment/index.js';
import { bottleneckIndex, HOURS_PER_MONTH, RESOURCES } from '../model/index.js';
import { human, usd } from './readable.js';

/** A summary row of (point, regime, metric, statistic), as the caller stores them. */
export type SummaryLookup = (point: number, regime: string, metric: string, statistic: 'distribution' | 'ratio_of_sums') => SummaryRow | undefined;

export interface TeamBottleneck {
  /** 'reviewers', 'agent cap', 'handlers' or 'engineers'. */
  resource: string;
  /** Its mean utilisation over the replications. */
  utilisation: number;
  /** The mean of bottleneck_wait_hours (NaN for engineers: nothing queues for them). */
  waitHours: number;
  /** What the wait is per ('review round', 'agent call', ...; '' for engineers). */
  waitPer: string;
}

const mean = (look: SummaryLookup, point: number, regime: string, metric: string) => look(point, regime, metric, 'distribution')?.mean ?? Number.NaN;

/** The bottleneck of a regime at a point: its most utilised resource on average (null outside a stream). */
export function teamBottleneck(look: SummaryLookup, point: number, regime: string): TeamBottleneck | null {
  const utilisations = RESOURCES.map((r) => mean(look, point, regime, r.utilisation));
  const b = bottleneckIndex(utilisations);
  if (b < 0 || !Number.isFinite(mean(look, point, regime, 'merged_per_month'))) return null;
  const r = RESOURCES[b]!;
  return { resource: r.name, utilisation: utilisations[b]!, waitHours: r.waitPer ? mean(look, point, regime, 'bottleneck_wait_hours') : Number.NaN, waitPer: r.waitPer };
}

/** Whether a point is a team's (a closed loop or a stream): some regime has a throughput. */
export function isTeamPoint(look: SummaryLookup, point: number, regimes: readonly string[]): boolean {
  return regimes.some((regime) => Number.isFinite(mean(look, point, regime, 'merged_per_month')));
}

const share = (x: number) => (Number.isFinite(x) ? `${Math.round(100 * x)}%` : '-');

/** 'reviewers 89%, wait 12.5 h a review round' */
export function bottleneckText(b: TeamBottleneck | null): string {
  if (!b) return '-';
  if (!(b.utilisation > 0)) return 'none (no resource is busy)';
  const wait = Number.isFinite(b.waitHours) ? `, wait ${human(b.waitHours)} h a ${b.waitPer}` : '';
  return `${b.resource} ${share(b.utilisation)}${wait}`;
}

/** 'merged/month [95% CI]': the mean and its interval. */
export function perMonthText(row: SummaryRow | undefined): string {
  if (!row || !Number.isFinite(row.mean)) return '-';
  // A tenth of a change a month reads for a team; not for ten thousand outcomes a month.
  const digits = Math.abs(row.mean) >= 1000 ? 0 : 1;
  return `${human(row.mean, digits)}${Number.isFinite(row.ciLow) ? ` [${human(row.ciLow, digits)}, ${human(row.ciHigh, digits)}]` : ''}`;
}

/**
 * The team table of one point: per regime, merged changes per month [95% CI], lead time (mean
 * hours), work in progress, the utilisation of each resource some regime has, the bottleneck.
 */
export function teamTable(look: SummaryLookup, point: number, regimes: readonly string[], name: (regime: string) => string): { header: string[]; rows: string[][] } {
  const present = RESOURCES.filter((r) => regimes.some((regime) => Number.isFinite(mean(look, point, regime, r.utilisation))));
  const header = ['regime', 'merged/month [95% CI]', 'lead time h', 'work in progress', ...present.map((r) => `${r.name} busy`), 'bottleneck (busy, wait)'];
  const rows = regimes.map((regime) => [
    name(regime),
    perMonthText(look(point, regime, 'merged_per_month', 'distribution')),
    human(mean(look, point, regime, 'lead_time_hours')),
    human(mean(look, point, regime, 'work_in_progress'), 1),
    ...present.map((r) => share(mean(look, point, regime, r.utilisation))),
    bottleneckText(teamBottleneck(look, point, regime)),
  ]);
  return { header, rows };
}

/** The line that says what the team table is over. */
export function teamHeading(mode: { horizonDays: number; engineers: number | null } | undefined): string {
  const over = mode ? ` over ${human(mode.horizonDays, 0)} days${mode.engineers ? `, ${mode.engineers} engineers filing (a closed loop)` : ' (an open stream)'}` : '';
  return `a team's throughput${over}: means over replications`;
}

/** The footnote under a team table: what its figures are. */
export const TEAM_NOTE = `  (a month is ${HOURS_PER_MONTH} h; busy: work hours over open hours, first arrival to end; the bottleneck is the resource busiest on average, with its mean wait)`;

/** The sweep table of a team: per point and regime, throughput, lead time, cost and bottleneck. */
export function teamSweepRow(look: SummaryLookup, point: number, regime: string): string[] {
  const ratio = look(point, regime, 'cost_per_merged_usd', 'ratio_of_sums');
  return [
    perMonthText(look(point, regime, 'merged_per_month', 'distribution')),
    human(mean(look, point, regime, 'lead_time_hours')),
    `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
    bottleneckText(teamBottleneck(look, point, regime)),
  ];
}
export const TEAM_SWEEP_HEADER = ['merged/month [95% CI]', 'lead time h', 'cost per merged change [95% CI]', 'bottleneck (busy, wait)'] as const;
