/** `orchsim init`: a preset copied here to edit (../../app/presetCopy.ts). */
import type { Command } from 'commander';
import { writePresetCopy } from '../../app/presetCopy.js';

export function registerInit(program: Command): void {
  program
    .command('init [preset]')
    .description('write a preset scenario (default: default) to the current directory to start from')
    .option('-o, --out <FILE>', 'file to write (default: <preset>.yaml)')
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  orchsim init                  writes default.yaml\n  orchsim init high-stakes --out team.yaml')
    .action((preset: string | undefined, flags: { out?: string; force?: boolean }) => {
      const out = writePresetCopy({ preset, out: flags.out, force: flags.force });
      process.stdout.write(`wrote ${out}: edit it, then orchsim run ${out}\n`);
    });
}
