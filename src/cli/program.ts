/**
 * The orchsim command line (the bin, main.ts, only calls main()): the commands of ./commands/
 * assembled into one program, and the exit code of what they did. Exit codes: 0 done, 2 bad input
 * (a flag, a scenario, a grid, an output directory: nothing is written), 1 an internal error,
 * 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (nothing written, a previous output left intact;
 * a run or sweep keeps its finished chunks in <out>.partial/ for --resume: src/app/resume.ts).
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors/index.js';
import { version } from '../app/index.js';
import { StopSignals } from '../app/signals.js';
import { checkArgv } from './argCheck.js';
import type { CommandContext } from './context.js';
import { registerBreakeven } from './commands/breakeven.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerDictionary } from './commands/dictionary.js';
import { registerFit } from './commands/fit.js';
import { registerInit } from './commands/init.js';
import { registerMerge } from './commands/merge.js';
import { registerPresets } from './commands/presets.js';
import { registerReport } from './commands/report.js';
import { registerRobustness } from './commands/robustness.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrace } from './commands/trace.js';
import { registerValidate } from './commands/validate.js';

/** Every command, in the order `orchsim --help` lists them. */
const COMMANDS: readonly ((program: Command, ctx: CommandContext) => void)[] = [
  registerRun,
  registerSweep,
  registerValidate,
  registerPresets,
  registerInit,
  registerMerge,
  registerSchema,
  registerDictionary,
  registerTrace,
  registerBreakeven,
  registerSensitivity,
  registerRobustness,
  registerFit,
  registerCalibrate,
  registerReport,
];

const PROGRAM_HELP = `
Examples:
  orchsim run                                        the default scenario: summary on screen, files in results/
  orchsim sweep --vary fanout=1,2,4,8,16             where does a wider fan-out stop paying?
  orchsim presets                                    the shipped scenarios
  orchsim init test-backfill                         copy one here to edit
  orchsim validate my-team.yaml                      check a scenario, print it with every default

Exit codes: 0 done, 2 bad input (nothing written), 1 internal error, 130/143/129 interrupted by
SIGINT/SIGTERM/SIGHUP (nothing written; a previous output is left as it was; a run or sweep keeps
its finished chunks in <out>.partial/ for --resume).`;

export function buildProgram(argv: string[], stops = new StopSignals()): Command {
  const program = new Command();
  program
    .name('orchsim')
    .description('Discrete-event Monte Carlo simulator: does fanning work out to N parallel AI subagents pay, and when?')
    .version(version(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', PROGRAM_HELP);
  const ctx: CommandContext = { argv, stops };
  for (const register of COMMANDS) register(program, ctx);
  // Every command: commander errors become exceptions (mapped to exit code 2 below).
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({ outputError: (str, write) => write(`orchsim: ${str.replace(/^error: /, '')}`) });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Is this a mistake in the user's input (exit 2) rather than a bug (exit 1)? */
export function isUsageError(err: unknown): err is InputError {
  // By class: a worker's error arrives rebuilt as its own class (../errors).
  return err instanceof InputError;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const stops = new StopSignals();
  const program = buildProgram(argv, stops);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  stops.install();
  try {
    checkArgv(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return 0;
      return 2; // commander already printed the message
    }
    if (isUsageError(err)) {
      process.stderr.write(`orchsim: ${err.message}\n`);
      return 2;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`orchsim: internal error: ${e.message}\n${process.env.ORCHSIM_DEBUG ? `${e.stack}\n` : '(set ORCHSIM_DEBUG=1 for the stack trace)\n'}`);
    return 1;
  } finally {
    stops.remove();
  }
}
