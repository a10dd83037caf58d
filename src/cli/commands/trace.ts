/** `orchsim trace`: every step of one replication under every regime, as CSV (../../app/trace.ts). */
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { writeFileAtomic } from '../../output/index.js';
import { loadScenario } from '../../app/index.js';
import { withDefaultSignals } from '../../app/signals.js';
import { traceOf, writeTraceMeta } from '../../app/trace.js';
import { seedArg, wholeNumber } from '../args.js';
import { writeReportOf, type CommandContext } from '../context.js';
import { fileOutFlags, setFlag, type FileOutFlags } from '../flags.js';

interface TraceFlags extends FileOutFlags {
  replication: number;
  seed: number | string;
  set: string[];
  report?: boolean;
}

export function registerTrace(program: Command, ctx: CommandContext): void {
  const trace = program
    .command('trace [scenario]')
    .description('every step of one replication under every regime, as CSV (a Gantt chart)')
    .option('-r, --replication <R>', 'which replication', wholeNumber(0), 0)
    .option('-s, --seed <S>', 'random seed', seedArg, 1);
  fileOutFlags(setFlag(trace), 'write to a file instead of standard output')
    .option('--report', 'also write the Gantt chart: FILE.html beside FILE.csv (and FILE.meta.json, which it reads)')
    .addHelpText('after', '\nExamples:\n  orchsim trace --out trace.csv\n  orchsim trace configs/default.yaml --replication 17 --seed 3 --set fanout=8\n  orchsim trace review-bottleneck --out rb-trace.csv --report')
    .action(async (scenarioArg: string | undefined, flags: TraceFlags) => {
      if (flags.report && !flags.out) throw new UsageError('trace --report: give --out FILE.csv (the report is written beside it)', 'out');
      const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
      const options = { scenario, seed: flags.seed, replication: flags.replication };
      const { text, steps } = traceOf(options);
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeFileAtomic(flags.out, text, flags.force ?? false);
      process.stderr.write(`wrote ${flags.out}: ${steps} steps\n`);
      if (flags.report) {
        await writeTraceMeta(flags.out, { ...options, argv: ctx.argv, force: flags.force });
        await writeReportOf(flags.out);
      }
    });
}
