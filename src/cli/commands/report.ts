/** `orchsim report`: report.html from the files of a run, a sweep, an analysis or a trace (../../output/report/). */
import type { Command } from 'commander';
import { writeReportOf } from '../context.js';

const REPORT_HELP = `
PATH is an output directory of run, sweep, sensitivity or breakeven (writes PATH/report.html and
PATH/<chart>.vl.json), or a
trace CSV written with trace --report (writes FILE.html and FILE.<chart>.vl.json beside it). The
page opens offline and prints; each .vl.json is the chart's Vega-Lite spec, data inline.

Examples:
  orchsim report results/default-run
  orchsim run --report                 the same, at the end of a run
  orchsim trace --out t.csv --report
  orchsim report results/grid-sweep --x review.reviewers`;

export function registerReport(program: Command): void {
  program
    .command('report <path>')
    .description('write report.html (charts of every analysis) from the files of a run, a sweep, a sensitivity, a break-even or a trace')
    .option('--x <PATH>', "a sweep's x-axis: one of its --vary paths (default: fanout when swept, else the first --vary)")
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', REPORT_HELP)
    .action(async (path: string, flags: { quiet?: boolean; x?: string }) => writeReportOf(path, flags.quiet, flags.x));
}
