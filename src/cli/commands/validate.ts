/** `orchsim validate`: a scenario checked and printed resolved, every default filled in. */
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { compileOrUsage, loadScenario } from '../../app/index.js';
import { effectWarnings, userPaths } from '../../app/effects.js';
import { withDefaultSignals } from '../../app/signals.js';
import { collect } from '../args.js';

export function registerValidate(program: Command): void {
  program
    .command('validate <file>')
    .description('check a scenario and print it resolved, with every default filled in')
    .option('--set <path=value>', 'apply overrides first (repeatable)', collect, [])
    .option('--json', 'print JSON instead of YAML')
    .addHelpText('after', '\nExamples:\n  orchsim validate my-team.yaml\n  orchsim validate configs/default.yaml --set fanout=8 --json')
    .action(async (file: string, flags: { set: string[]; json?: boolean }) => {
      // Synchronous from the file to the text printed, and writing no file: a signal ends it at once (../../app/signals.ts).
      const { scenario, source } = await withDefaultSignals(() => {
        const loaded = loadScenario(file, flags.set);
        compileOrUsage(loaded.scenario, ` (${file})`);
        return loaded;
      });
      process.stderr.write(`orchsim: ${source} is a valid scenario\n`);
      for (const w of effectWarnings(scenario, userPaths(scenario))) process.stderr.write(`orchsim: warning: ${w}\n`);
      process.stdout.write(flags.json ? `${JSON.stringify(scenario, null, 2)}\n` : toYaml(scenario, { lineWidth: 0 }));
    });
}
