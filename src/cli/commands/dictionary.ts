/** `orchsim dictionary`: the data dictionary of the output files (every column and its unit) for a scenario. */
import type { Command } from 'commander';
import { dataDictionary, writeFileAtomic } from '../../output/index.js';
import { loadScenario } from '../../app/index.js';
import { withDefaultSignals } from '../../app/signals.js';
import { fileOutFlags, setFlag, type FileOutFlags } from '../flags.js';

export function registerDictionary(program: Command): void {
  fileOutFlags(setFlag(program.command('dictionary [scenario]').description('print the data dictionary of the output files (every column and its unit) for a scenario')))
    .addHelpText('after', '\nExamples:\n  orchsim dictionary                       the columns of the default scenario\n  orchsim dictionary --out results/README.md --force')
    .action(async (scenarioArg: string | undefined, flags: FileOutFlags & { set: string[] }) => {
      const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
      const text = dataDictionary({ tiers: Object.keys(scenario.prices.tiers) });
      if (flags.out) writeFileAtomic(flags.out, text, flags.force ?? false);
      else process.stdout.write(text);
    });
}
