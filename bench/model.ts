/**
 * The full model's speed: replications per second of the default scenario (every regime) on one
 * thread, and kernel events per second against the kernel's own hold-model rate measured in the
 * same run. Goals (issue 3): at least 20,000 replications/s, and at least half the kernel's rate.
 */
import { Simulation } from '../src/engine/index.js';
import { compileScenario, Replicator, resolveScenario } from '../src/model/index.js';
import { holdKernel, timeMedian } from './kernel.js';

const REPLICATIONS = 40_000;

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export async function runModelBench(): Promise<Record<string, number>> {
  const model = compileScenario(resolveScenario({}));
  let first = 0;
  const timed = timeMedian(() => {
    // A new Replicator per repeat and fresh replication numbers: nothing is cached between repeats.
    const replicator = new Replicator(model, 1);
    for (let r = 0; r < REPLICATIONS; r++) replicator.run(first + r);
    first += REPLICATIONS;
    return replicator.eventsProcessed;
  });
  const replicationsPerSec = REPLICATIONS / timed.seconds;
  const modelEventsPerSec = timed.result / timed.seconds;
  const sim = new Simulation();
  const hold = timeMedian((r) => holdKernel(sim, `model-bench-hold-${r}`));
  const kernelEventsPerSec = hold.result / hold.seconds;
  const share = modelEventsPerSec / kernelEventsPerSec;
  console.log(`model bench (node ${process.version}, default scenario, regimes ${model.regimes.join('+')}, one thread)`);
  console.log(
    `  ${fmt(replicationsPerSec)} replications/s (goal >= 20,000: ${replicationsPerSec >= 20_000 ? 'met' : 'NOT met'}), ` +
      `${(timed.result / REPLICATIONS).toFixed(1)} kernel events per replication`,
  );
  console.log(
    `  ${fmt(modelEventsPerSec)} events/s vs kernel hold model ${fmt(kernelEventsPerSec)} events/s: ` +
      `${(share * 100).toFixed(0)}% (goal >= 50%: ${share >= 0.5 ? 'met' : 'NOT met'})`,
  );
  return { replicationsPerSec, modelEventsPerSec, kernelEventsPerSec, eventsShareOfKernel: share };
}
