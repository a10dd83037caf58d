/** `orchsim merge`: the outputs of the shards of one run or sweep combined (../../app/merge.ts). */
import type { Command } from 'commander';
import { renderReport } from '../../output/index.js';
import { mergeOutputs } from '../../app/index.js';
import { color, noter, type CommandContext } from '../context.js';

const MERGE_HELP = `
The merged runs.csv, changes.csv and summary.csv are byte-identical to the unsharded run's.

Examples:
  orchsim merge results/shard-* --out results/merged
  for k in 1 2 3 4; do orchsim run -n 1000000 --shard $k/4 --out results/shard-$k & done; wait
  orchsim merge results/shard-1 results/shard-2 results/shard-3 results/shard-4 --out results/all`;

export function registerMerge(program: Command, ctx: CommandContext): void {
  program
    .command('merge <dirs...>')
    .description('combine the outputs of the shards of one run or sweep (all N of them)')
    .requiredOption('-o, --out <DIR>', 'output directory')
    .option('-f, --force', 'replace the output directory if it exists')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', MERGE_HELP)
    .action(async (dirs: string[], flags: { out: string; force?: boolean; quiet?: boolean }) => {
      const result = await mergeOutputs({ dirs, out: flags.out, force: flags.force, argv: ctx.argv, onOutputDir: ctx.stops.trackOutput, onNote: noter(flags.quiet) });
      if (!flags.quiet) process.stdout.write(renderReport({ ...result.report, outDir: flags.out }, { color: color() }));
    });
}
