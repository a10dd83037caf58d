/**
 * Robustness benchmark (issue 22): the default scenario's robustness over its uncertain judgment
 * parameters (the issue's 10, and since the supervision basis and the value of waiting joined them,
 * 12: the cost is per regime-replication, which the parameters' count does not change), 1,024
 * outer draws x 500 inner replications, on every core (goal: under 60 s on the 2-core development
 * machine). Timed once: the figure is the whole nested Monte Carlo with
 * its analysis (EVPPI and PRIM included), as the command runs it.
 */
import { availableParallelism } from 'node:os';
import { analyseRobustness } from '../src/app/robustness.js';
import { baseScenario } from '../src/app/index.js';

export async function runRobustnessBench(): Promise<Record<string, number>> {
  const scenario = baseScenario();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const a = await analyseRobustness({ scenario, draws: 1024, runs: 500, seed: 1, workers: availableParallelism() });
  const seconds = (performance.now() - started) / 1000;
  // CPU seconds of the process, its worker threads included: on a shared machine, wall time over it shows the contention.
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(`robustness bench (node ${process.version}, ${a.threads} threads)`);
  console.log(
    `  default scenario, ${a.parameters.length} uncertain parameters, 1,024 draws x 500 replications: ${seconds.toFixed(1)} s ` +
      `(${cpuSeconds.toFixed(1)} CPU s; ${a.simulated.toLocaleString('en-US')} of ${a.requested.toLocaleString('en-US')} regime-replications simulated; goal: under 60 s)`,
  );
  console.log(`  ${a.sentence}`);
  return { robustnessDefault1024x500Seconds: seconds, robustnessDefault1024x500CpuSeconds: cpuSeconds, regimeReplications: a.simulated };
}
