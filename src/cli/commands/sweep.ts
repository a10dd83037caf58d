/** `orchsim sweep`: the grid of every combination of --vary values; the action is run's (./run.ts). */
import type { Command } from 'commander';
import { collect } from '../args.js';
import type { CommandContext } from '../context.js';
import { experimentFlags, type ExperimentFlags } from '../flags.js';
import { experimentAction } from './run.js';

const SWEEP_EXAMPLES = `
Values of --vary:
  fanout=1,2,4,8,16            a list
  fanout=1..16                 every whole number from 1 to 16
  fanout=1..64*2               geometric: 1, 2, 4, ... 64
  failure.gate.catchProbability=0.2..0.8:0.2      from 0.2 to 0.8 in steps of 0.2
  regimes=[single,fanout],[human,fanout]          lists (YAML flow syntax)
Several --vary give every combination (the first varies slowest). Every point runs on common
random numbers: replication r draws the same changes and luck at every point.

Examples:
  orchsim sweep --vary fanout=1..16 -n 5000
  orchsim sweep review-bottleneck --vary fanout=1,2,4,8,16 --vary review.reviewers=2,4
  orchsim sweep --vary failure.gate.catchProbability=0.2..0.9:0.1 --set fanout=8`;

export function registerSweep(program: Command, ctx: CommandContext): void {
  experimentFlags(program.command('sweep [scenario]'))
    .description('the grid of every combination of --vary values, all on common random numbers')
    .option('--vary <path=values>', 'a parameter and its values (repeatable; see below)', collect, [])
    .addHelpText('after', SWEEP_EXAMPLES)
    .action(async (scenario: string | undefined, flags: ExperimentFlags) => experimentAction('sweep', scenario, flags, ctx));
}
