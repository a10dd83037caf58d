/**
 * `orchsim trace`: every step of one replication under every regime (a Gantt chart's rows), and
 * with a report the meta file beside the CSV that the chart reads (../output/report/traceData.ts).
 */
import type { Scenario } from '../model/index.js';
import { traceCsv, traceSteps, writeFileAtomic } from '../output/index.js';
import { version } from './paths.js';
import { compileOrUsage } from './scenario.js';

export interface TraceOptions {
  scenario: Scenario;
  seed: number | string;
  replication: number;
}

/** The trace's CSV text and its number of steps. */
export function traceOf(options: TraceOptions): { text: string; steps: number } {
  const steps = traceSteps(compileOrUsage(options.scenario), options.seed, options.replication);
  return { text: traceCsv(steps), steps: steps.length };
}

/** Writes FILE.meta.json beside the trace FILE.csv: what the Gantt chart's page reads. */
export async function writeTraceMeta(file: string, options: TraceOptions & { argv: readonly string[]; force?: boolean }): Promise<void> {
  // Loaded only when asked for: the report's modules take most of a second to load.
  const { traceMetaFile } = await import('../output/report/index.js');
  const { scenario, seed, replication, argv } = options;
  const meta = { orchsim: version(), command: 'trace', argv, scenarioName: scenario.name, scenario, seed, replication };
  writeFileAtomic(traceMetaFile(file), `${JSON.stringify(meta, null, 2)}\n`, options.force ?? false);
}
