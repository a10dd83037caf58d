/**
 * The output directory of an analysis command (breakeven, sensitivity): its CSV, and a meta.json
 * recording what was run (so that --force may later replace the directory, as for run and sweep),
 * written into a temporary directory and moved into place only once complete.
 */
import type { Scenario } from '../model/index.js';
import { OutputDir } from '../output/index.js';
import { scenarioHash } from './meta.js';
import { version } from './paths.js';

export interface AnalysisMeta {
  command: string;
  argv: string[];
  scenario: Scenario;
  seed: number | string;
  runs: number;
  /** The command's own settings (parameters, ranges, method, ...). */
  settings: Record<string, unknown>;
  seconds: number;
}

/** Write `files` and meta.json atomically into `out` (nothing is left behind on failure). */
export function writeAnalysisDir(out: string, force: boolean, files: Record<string, string>, meta: AnalysisMeta): string {
  const dir = OutputDir.create(out, force);
  try {
    for (const [name, text] of Object.entries(files)) dir.writeFile(name, text);
    const record = {
      orchsim: version(),
      command: meta.command,
      argv: meta.argv,
      scenarioName: meta.scenario.name,
      scenarioHash: scenarioHash(meta.scenario),
      seed: meta.seed,
      runs: meta.runs,
      ...meta.settings,
      files: [...Object.keys(files), 'meta.json'],
      node: process.version,
      seconds: meta.seconds,
      scenario: meta.scenario,
    };
    dir.writeFile('meta.json', `${JSON.stringify(record, null, 2)}\n`);
    dir.commit();
  } catch (err) {
    dir.abort();
    throw err;
  }
  return dir.target;
}
