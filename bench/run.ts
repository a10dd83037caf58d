/**
 * Entry point of `npm run bench` (runs the compiled dist/bench/run.js).
 *
 *   npm run bench              all sections
 *   npm run bench -- kernel    one section
 *
 * To add a section: import its runner below and add one line to SECTIONS.
 */
import { runKernelBench } from './kernel.js';
import { runE2eBench } from './e2e.js';
import { runModelBench } from './model.js';
import { runRandomBench } from './random.js';
import { runStreamBench } from './stream.js';
import { runAnalysisBench } from './analysis.js';
import { runCalibrateBench } from './calibrate.js';
import { runReportBench } from './report.js';
import { runDecisionsBench } from './decisions.js';
import { runRobustnessBench } from './robustness.js';
import { runEstimatesBench } from './estimates.js';

type BenchRunner = () => Promise<Record<string, number>>;

const SECTIONS: Record<string, BenchRunner> = {
  kernel: runKernelBench,
  random: runRandomBench,
  model: runModelBench,
  stream: runStreamBench,
  e2e: runE2eBench,
  analysis: runAnalysisBench,
  report: runReportBench,
  calibrate: runCalibrateBench,
  decisions: runDecisionsBench,
  robustness: runRobustnessBench,
  estimates: runEstimatesBench,
};

async function main(argv: string[]): Promise<void> {
  const requested = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = requested.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(`Unknown bench section(s): ${unknown.join(', ')}. Known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const names = requested.length > 0 ? requested : Object.keys(SECTIONS);
  const results: Record<string, Record<string, number>> = {};
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    results[name] = await SECTIONS[name]();
  }
  console.log(`\n${JSON.stringify(results, null, 2)}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
