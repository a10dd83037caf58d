/** `orchsim presets`: the shipped scenarios (configs/*.yaml) and their descriptions. */
import type { Command } from 'commander';
import { table } from '../../output/index.js';
import { listPresets } from '../../app/index.js';

export function registerPresets(program: Command): void {
  program
    .command('presets')
    .description('list the shipped scenarios (configs/*.yaml)')
    .addHelpText('after', '\nExamples:\n  orchsim presets\n  orchsim run test-backfill      run one by name\n  orchsim init test-backfill     copy one here to edit')
    .action(() => {
      const presets = listPresets();
      if (presets.length === 0) {
        process.stdout.write('no presets found (configs/*.yaml); orchsim init writes the embedded default\n');
        return;
      }
      process.stdout.write(`${table(['preset', 'description'], presets.map((p) => [p.name, p.description]))}\n`);
    });
}
