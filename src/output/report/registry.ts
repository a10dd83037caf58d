/**
 * Every chart of every report, in page order. A new chart is one spec function (a module under
 * charts/) and one entry here: its id (the `<id>.vl.json` file and the figure), the kinds of
 * report it belongs to, its section, and the function (null when it does not apply).
 */
import type { ChartEntry } from './charts/common.js';
import { costEcdf, wallClockEcdf } from './charts/distributions.js';
import { costTermsChart, mergeRateChart, outcomeViewChart, tokensChart } from './charts/costs.js';
import { openChangesChart, reviewLoadChart, reviewQueueChart } from './charts/stream.js';
import { SWEEP_CHARTS } from './charts/sweep.js';
import { outcomeSweepChart } from './charts/outcomeSweep.js';
import { ganttChart } from './charts/trace.js';
import { morrisChart, sobolChart, tornadoChart } from './charts/sensitivity.js';
import { breakevenChart } from './charts/breakeven.js';
import { observedVsSimulatedChart } from './charts/observed.js';
import { evppiChart, flipRegionChart, probabilityBestChart } from './charts/robustness.js';
import { sweepUtilisationChart, throughputChart, utilisationChart } from './charts/team.js';

export const REPORT_CHARTS: readonly ChartEntry[] = [
  { id: 'wall-clock-ecdf', kinds: ['run'], section: 'Distributions', build: wallClockEcdf },
  { id: 'cost-per-merged-ecdf', kinds: ['run'], section: 'Distributions', build: costEcdf },
  // Drawn when the run compared what `orchsim calibrate` observed (observed-vs-simulated.csv).
  { id: 'observed-vs-simulated', kinds: ['run'], section: 'Observed versus simulated', build: observedVsSimulatedChart },
  { id: 'cost-terms', kinds: ['run'], section: 'Where the money goes', build: costTermsChart },
  { id: 'tokens', kinds: ['run'], section: 'Where the money goes', build: tokensChart },
  { id: 'merge-rate', kinds: ['run'], section: 'Outcomes', build: mergeRateChart },
  // The outcome view (manual, scripted, agents): drawn once outputs hold a `scripted` regime.
  { id: 'outcome-view', kinds: ['run'], section: 'Outcomes', build: outcomeViewChart },
  // A closed loop or stream: throughput, lead time and work in progress, each resource's busy share and the bottleneck.
  { id: 'throughput', kinds: ['run'], section: "Stream: the team's throughput and its bottleneck", build: throughputChart },
  { id: 'utilisation', kinds: ['run'], section: "Stream: the team's throughput and its bottleneck", build: utilisationChart },
  { id: 'review-load', kinds: ['run'], section: 'Stream: review', build: reviewLoadChart },
  { id: 'open-changes', kinds: ['run'], section: 'Stream: review', build: openChangesChart },
  // The outcome view over a sweep of money.monthlyVolume (or any sweep with a regime authored by automation).
  { id: 'outcome-volume', kinds: ['sweep'], section: 'Outcome view', build: outcomeSweepChart },
  { id: 'review-queue', kinds: ['run'], section: 'Stream: review', build: reviewQueueChart },
  ...SWEEP_CHARTS,
  { id: 'sweep-utilisation', kinds: ['sweep'], section: 'Sweep', build: sweepUtilisationChart },
  { id: 'gantt', kinds: ['trace'], section: 'Trace', build: ganttChart },
  // Each method's chart is drawn when sensitivity.csv holds its rows.
  { id: 'tornado', kinds: ['sensitivity'], section: 'Sensitivity', build: tornadoChart },
  { id: 'morris', kinds: ['sensitivity'], section: 'Sensitivity', build: morrisChart },
  { id: 'sobol', kinds: ['sensitivity'], section: 'Sensitivity', build: sobolChart },
  { id: 'breakeven', kinds: ['breakeven'], section: 'Break-even', build: breakevenChart },
  { id: 'probability-best', kinds: ['robustness'], section: 'How sure the verdict is', build: probabilityBestChart },
  { id: 'evppi', kinds: ['robustness'], section: 'How sure the verdict is', build: evppiChart },
  // Drawn when the verdict flips somewhere and PRIM found a box.
  { id: 'flip-region', kinds: ['robustness'], section: 'How sure the verdict is', build: flipRegionChart },
];
