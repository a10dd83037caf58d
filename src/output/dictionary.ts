/**
 * The data dictionary (README.md in every output directory, and results/README.md): every
 * column of every file with its unit.
 */
import { TRACE_COLUMN_DOCS } from './trace.js';
import { BEST_COLUMN_DOCS_AFTER, BEST_COLUMN_DOCS_BEFORE, BREAKEVEN_COLUMN_DOCS, columnTable, SENSITIVITY_COLUMN_DOCS } from './analysisColumns.js';
import { ABANDON_REASON, changeColumns, PAIRED_METRICS, runColumns, SUMMARY_METRICS, type ColumnDef } from '../experiment/index.js';
import { BASELINES, DISTRIBUTION_METRICS, MISSING_IS_WORST, OBSERVED_QUANTITIES, REGIMES, REVIEW_SERIES_BINS } from '../model/index.js';
import { DISTRIBUTION_LEVELS, summedColumns } from './distributions.js';

export interface DictionaryInput {
  tiers: readonly string[];
  /** Sweep parameters: column name and scenario path. */
  params?: readonly { column: string; path: string }[];
}

/** `a`, `b` or `c` */
function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : (quoted[0] ?? '');
}

function rows<T>(cols: readonly ColumnDef<T>[]): string[] {
  return cols.map((c) => `| \`${c.name}\` | ${c.unit} | ${c.description} |`);
}

export function dataDictionary(input: DictionaryInput): string {
  const params = input.params ?? [];
  const paramRows = params.length
    ? params.map((p) => `| \`${p.column}\` | as in the scenario | the sweep parameter \`${p.path}\` at this point |`)
    : ['| `<parameter>` | as in the scenario | one column per `--vary` of a sweep (the dotted path in snake_case: `review.reviewers` is `review_reviewers`) |'];
  const { before, after } = changeColumns(input.tiers);
  const tierList = input.tiers.map((t) => `\`${t}\``).join(', ');
  return `# orchsim results: data dictionary

Every file is tidy: one observation per row, snake_case column names, the unit in the name
(\`_hours\`, \`_usd\`) or below. CSV files are UTF-8, comma-separated, with a header row; an
empty cell is a missing value (NaN: for example a wall clock when nothing merged). Numbers are
rounded once (hours and USD to 4 decimals, tokens to whole tokens, shares to 6 decimals) and
written in their shortest exact form, so reading a cell gives back the very number the
summaries used.

Token columns are \`tokens_<tier>_<class>\` for every tier of the scenario (here ${tierList}) and
every class: \`input\` (uncached input), \`cache_read\`, \`cache_write\`, \`output\`.

## Reproducibility

\`runs.csv\`, \`changes.csv\`, \`review_queue.csv\`, \`summary.csv\`, \`distributions.csv\` and \`best.csv\` depend only on the scenario, the sweep grid, the
seed and the number of replications: they are byte-identical whatever the number of worker
threads, and \`orchsim merge\` of all the shards of a run gives byte-identical files to the
unsharded run, as does a run interrupted and continued with \`--resume\`. \`meta.json\` records
how this output was made (worker count, shard, time taken, command line), so it differs between
such runs.

## runs.csv: one row per sweep point x replication x regime

| column | unit | meaning |
| --- | --- | --- |
| \`point\` | index | sweep point (0 for a run), in grid order: the first \`--vary\` varies slowest |
${paramRows.join('\n')}
| \`replication\` | index | replication number (0-based); replication r draws the same changes and luck for every regime and point |
| \`regime\` | text | ${orList(REGIMES)} |
${rows(runColumns(input.tiers)).join('\n')}

## changes.csv: one row per sweep point x replication x regime x change

Written in stream mode, or for a single change with \`--changes\`.

| column | unit | meaning |
| --- | --- | --- |
| \`point\` | index | sweep point |
${params.map((p) => `| \`${p.column}\` | as in the scenario | the sweep parameter \`${p.path}\` |`).join('\n')}${params.length ? '\n' : ''}| \`replication\` | index | replication number |
| \`regime\` | text | the regime |
${rows(before).join('\n')}
| \`${ABANDON_REASON.name}\` | ${ABANDON_REASON.unit} | ${ABANDON_REASON.description} |
${rows(after).join('\n')}

## review_queue.csv: one row per sweep point x regime x bin of the horizon

Written in stream mode (with or without changes.csv): the review queue over time. The horizon
(\`mode.horizonDays\`) is cut into ${REVIEW_SERIES_BINS} equal bins; in each replication the
simulation reads, as its clock passes each bin's end, the time-average number of changes waiting
for a reviewer over the bin and the time-average share of the reviewers holding a review (clock
hours, nights included: a review that spans a night holds its reviewer through it). Each value
is rounded to 6 decimals per replication and these are averaged over the replications. What
happens after the horizon (changes still in flight) is in runs.csv, not here.

| column | unit | meaning |
| --- | --- | --- |
| \`point\` | index | sweep point |
| \`<parameter>\` | as in the scenario | the sweep's parameters, as in runs.csv |
| \`regime\` | text | the regime |
| \`bin\` | index | bin of the horizon, 0 to ${REVIEW_SERIES_BINS - 1} |
| \`start_hours\`, \`end_hours\` | hours | the bin, hours after Monday 00:00 of the first week |
| \`replications\` | count | replications averaged |
| \`review_queue_length\` | changes | mean over replications of the time-average review-queue length in the bin |
| \`reviewer_utilisation\` | share | mean over replications of the time-average share of \`review.reviewers\` busy in the bin |
| \`review_queue_length_sum\`, \`reviewer_utilisation_sum\` | as above | the sums over replications the means divide (exact: \`orchsim merge\` adds the shards') |

## summary.csv: one row per sweep point x regime x metric x statistic

| column | unit | meaning |
| --- | --- | --- |
| \`point\` | index | sweep point |
| \`<parameter>\` | as in the scenario | the sweep's parameters, as in runs.csv |
| \`regime\` | text | the regime described |
| \`baseline\` | text | for \`paired_difference\`: the regime subtracted (${orList(BASELINES)}); empty otherwise |
| \`metric\` | text | a runs.csv column: ${SUMMARY_METRICS.map((m) => `\`${m}\``).join(', ')} |
| \`statistic\` | text | \`distribution\`, \`ratio_of_sums\` or \`paired_difference\` (see below) |
| \`n\` | count | replications with a value (missing values are left out) |
| \`mean\` | metric's unit | mean (for \`ratio_of_sums\`: the ratio). Empty for the \`distribution\` of ${[...MISSING_IS_WORST].map((m) => `\`${m}\``).join(' and ')} as soon as one replication has no value (nothing merged or resolved: counted as worse than any, so no mean; read the \`ratio_of_sums\` row), and for any metric no replication has a value for (a stream's metrics in one-change mode) |
| \`sd\` | metric's unit | sample standard deviation (n - 1); empty where \`mean\` is, and when n < 2 |
| \`ci95_low\`, \`ci95_high\` | metric's unit | 95% confidence interval of the mean (Student t); for \`ratio_of_sums\`, a bootstrap percentile interval; empty where \`mean\` is, and when n < 2 |
| \`p5\`, \`p25\`, \`p50\`, \`p75\`, \`p95\`, \`p99\` | metric's unit | quantiles (linear interpolation, type 7: numpy's and R's default) |
| \`relative_pct\` | % | \`paired_difference\`: (sum over replications of the regime / same of the baseline - 1) x 100 |
| \`relative_ci95_low_pct\`, \`relative_ci95_high_pct\` | % | 95% bootstrap interval of \`relative_pct\` |
| \`p_better\` | probability | \`paired_difference\`: P(better) (the console's P(faster), P(cheaper)): over the replications where at least one side has a value (merged), the share where the regime is better than the baseline (lower; higher for counts and rates), ties counting half; a side that did not merge loses, and replications where neither merged are left out (empty when that is every replication) |
| \`both_share\` | share | \`paired_difference\`: the share of replications where both sides have a value (both merged): \`p_better\` outside it is decided by which side merged |

Statistics:

- \`distribution\`: the metric's per-replication values. For ${[...MISSING_IS_WORST].map((m) => `\`${m}\``).join(' and ')}, a
  replication with nothing merged (or resolved) counts as worse than every other: n is every
  replication, a quantile above the merge (or resolution) rate reads \`Infinity\`, and the mean,
  sd and interval are empty (the ratio of sums is the mean that means something).
- \`ratio_of_sums\` (metric \`cost_per_merged_usd\`): the sum of \`total_usd\` over all replications
  divided by the sum of \`merged\`: every dollar, merged or not, per merged change. Its interval is a
  bootstrap (1,000 resamples of replications, grouped in at most 1,000 contiguous blocks,
  seeded from the run's seed).
- \`paired_difference\` (metrics ${PAIRED_METRICS.map((m) => `\`${m}\``).join(', ')}): per replication, the
  regime's value minus the baseline's, on the same changes and luck (common random numbers).
  n, mean, sd, CI and quantiles describe those differences (replications where either is missing
  are left out). \`relative_pct\` is a ratio of sums: for \`wall_clock_hours\` over the replications
  where both merged, for \`cost_per_merged_usd\` the ratio of the two cost-per-merged ratios, for
  \`total_tokens\` the token multiple minus one.

## distributions.csv: one row per sweep point x regime x column x statistic (x probability)

What the HTML report draws from runs.csv, reduced while the run went (so a report of a million
replications never reads runs.csv's rows): sums of the columns it adds up and, in a run (one
sweep point), the distributions it draws. Every figure is one of runs.csv's cells reduced exactly:
the sums are exact (not rounded by the order of additions) and the quantiles are of every
replication, so the file is byte-identical whatever the worker count and after \`merge\`.

| column | unit | meaning |
| --- | --- | --- |
| \`point\` | index | sweep point |
| \`<parameter>\` | as in the scenario | the sweep's parameters, as in runs.csv |
| \`regime\` | text | the regime |
| \`column\` | text | the runs.csv column reduced (empty for \`replications\`) |
| \`statistic\` | text | \`replications\`, \`sum\`, \`count\`, \`mean\` or \`quantile\` (see below) |
| \`probability\` | probability | for \`quantile\`: k / ${DISTRIBUTION_LEVELS}, k = 0..${DISTRIBUTION_LEVELS} (0 is the minimum, 1 the maximum); empty otherwise |
| \`value\` | column's unit | the statistic |

Statistics:

- \`replications\`: the runs.csv rows of the point and regime.
- \`sum\` and \`count\` (columns ${summedColumns(input.tiers).map((c) => `\`${c.name}\``).join(', ')}): the sum of the
  column over the replications where it has a value, and how many have one.
- In a run only (one sweep point), for ${DISTRIBUTION_METRICS.map((m) => `\`${m}\``).join(', ')}: \`count\` (replications
  with a value; missing values are left out), \`mean\`, and ${DISTRIBUTION_LEVELS + 1} \`quantile\` rows (linear
  interpolation, type 7, as summary.csv's quantiles).

## best.csv (sweep): the best point per regime and decision metric

Written by a sweep of two points or more (and by \`orchsim merge\` of its shards; a shard alone
has not every replication and writes none). Per regime whose results change across the points
and per metric of the scenario's decision: a \`best\` row, an \`indistinguishable\` row per other
point not distinguishable from it (grid order), and for every metric but a cost a \`plateau\`
row. The console's best-point lines are these rows (one definition of "best"). A closed loop or
a stream is judged on merged changes per month, lead time and cost per merged change, never on
per-change wall clock alone (that rewards a configuration that files less work).

${columnTable([...BEST_COLUMN_DOCS_BEFORE, { name: 'point', unit: 'index', description: 'the sweep point, as in runs.csv' }, { name: '<parameter>', unit: 'as in the scenario', description: "the point's sweep parameters, as in runs.csv" }, ...BEST_COLUMN_DOCS_AFTER])}

## trace CSV (orchsim trace): one row per step of one replication, every regime

Written by \`orchsim trace\` (to standard output or \`--out FILE\`), in time order per regime.
Hours, tokens and USD are rounded as in runs.csv. With \`--report\`, \`FILE.meta.json\` beside
it records the scenario, seed, replication and command line, and \`FILE.html\` is its Gantt chart.

| column | unit | meaning |
| --- | --- | --- |
${TRACE_COLUMN_DOCS.map((c) => `| \`${c.name}\` | ${c.unit} | ${c.description} |`).join('\n')}

## breakeven.csv (orchsim breakeven): the probes of the search, then the answer

One row per evaluation of the paired difference A - B at a value of --param (every probe runs
the same replications 0..runs-1), then one row with the break-even and its 95% interval, or
\`none\` with the regime lower throughout. Written with meta.json.

${columnTable(BREAKEVEN_COLUMN_DOCS)}

## sensitivity.csv (orchsim sensitivity): one row per method x parameter x regime x metric x statistic

${columnTable(SENSITIVITY_COLUMN_DOCS)}

## observed-vs-simulated.csv: one row per step of an ECDF (a run of a calibrated scenario)

Written when the scenario holds \`calibration.observed\` (the overlay \`orchsim calibrate\`
writes), the output is a run and changes.csv is written. For each observed quantity: the
observed ECDF, then per regime it is compared in the ECDF of the same quantity in changes.csv
(the first point). A side of at most 201 values has a row per distinct value; a larger one 201
rows, its quantiles at 0, 0.005, ..., 1. Quantities:

${OBSERVED_QUANTITIES.map((q) => `- \`${q.key}\`: ${q.description}`).join('\n')}

| column | unit | meaning |
| --- | --- | --- |
| \`quantity\` | name | the observed quantity (above) |
| \`source\` | \`observed\` or \`simulated\` | what the team's data gave, or what the run gave |
| \`regime\` | name | the regime of a simulated row (empty when observed) |
| \`observations\` | count | values on this side: observations, or simulated changes that have the quantity |
| \`value\` | the quantity's unit | a value (or quantile) of the quantity |
| \`ecdf\` | share | share of this side's values at or below \`value\` (the quantile's level) |
| \`ks_distance\` | 0 to 1 | simulated rows: the two-sample Kolmogorov-Smirnov distance between this regime's values (all of them) and the observed ECDF, the largest vertical gap between the curves; exact for an observed sample, within 0.005 for observed quantiles |

## report.html and *.vl.json

\`orchsim report DIR\` (or \`--report\` on run, sweep, trace, sensitivity and breakeven) writes
\`report.html\`: one self-contained page of charts (inline SVG, nothing fetched) drawn from the
files above, never a mark per replication (distributions as 201 quantiles, from distributions.csv;
a directory without that file, written by an older orchsim, has runs.csv reduced to the same
figures). A break-even's chart
draws the probe rows of breakeven.csv; a sensitivity's, the rows of its method in sensitivity.csv. Each chart's Vega-Lite spec is written
beside it as \`<chart>.vl.json\`, data inline, for Altair or any Vega-Lite front end.

## meta.json

orchsim version, command, command line, the resolved scenario and its SHA-256 hash, the sweep
grid and each point's values, seed, replications, worker threads, shard (\`index\` of \`count\`
and the unit range), files written, Node.js version, time taken in seconds, peak resident
memory (\`maxRssMb\`) and \`timing\`: seconds simulating and summarising, and the CPU seconds of
every thread (\`cpuSeconds\`; over \`seconds\`, the cores the run kept busy); after \`--resume\`,
\`resumed\`: the chunks and replications taken from the interrupted run's journal. Enough to
reproduce the run: \`orchsim run\` the scenario from meta.json with the same seed and replications.
`;
}
