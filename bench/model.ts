/**
 * The full model's speed: replications per second of the default scenario (every regime) on one
 * thread, and kernel events per second against the kernel's own hold-model rate measured in the
 * same run. Goals (issue 3): at least 20,000 replications/s, and at least half the kernel's rate.
 */
import { Simulation } from '../src/engine/index.js';
import { compileScenario, Replicator, resolveScenario } from '../src/model/index.js';
import { ChangeDrawer } from '../src/model/change.js';
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
  // What no simulation of this model can skip: drawing each replication's change (its graph,
  // sizes, human hours and briefs: about 50 uniforms and 40 inverse CDFs), before any event.
  let drawn = 1e9;
  // As a replicator draws them: one drawer for the seed (its root key derived once).
  const drawer = new ChangeDrawer(model, 1);
  const draw = timeMedian(() => {
    let subtasks = 0;
    for (let r = 0; r < REPLICATIONS; r++) subtasks += drawer.draw(drawn + r, 0).subtaskCount;
    drawn += REPLICATIONS;
    return subtasks;
  });
  const drawMicros = (draw.seconds / REPLICATIONS) * 1e6;
  const eventsPerReplication = timed.result / REPLICATIONS;
  const budgetMicros = (eventsPerReplication / (0.5 * kernelEventsPerSec)) * 1e6;
  console.log(`model bench (node ${process.version}, default scenario, regimes ${model.regimes.join('+')}, one thread)`);
  console.log(
    `  ${fmt(replicationsPerSec)} replications/s (goal >= 20,000: ${replicationsPerSec >= 20_000 ? 'met' : 'NOT met'}), ` +
      `${(timed.result / REPLICATIONS).toFixed(1)} kernel events per replication`,
  );
  console.log(
    `  ${fmt(modelEventsPerSec)} events/s vs kernel hold model ${fmt(kernelEventsPerSec)} events/s: ` +
      `${(share * 100).toFixed(0)}% (goal >= 50%: ${share >= 0.5 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  half the kernel's rate leaves ${budgetMicros.toFixed(1)} us per replication (${eventsPerReplication.toFixed(1)} events); ` +
      `drawing the change alone takes ${drawMicros.toFixed(1)} us (${((100 * drawMicros) / budgetMicros).toFixed(0)}% of it), ` +
      `a whole replication ${((timed.seconds / REPLICATIONS) * 1e6).toFixed(1)} us`,
  );
  return { replicationsPerSec, modelEventsPerSec, kernelEventsPerSec, eventsShareOfKernel: share, drawChangeMicros: drawMicros, halfKernelBudgetMicros: budgetMicros };
}
