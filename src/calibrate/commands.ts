/**
 * The command-line definitions of `fit` and `calibrate`, registered on the program by one call
 * from src/cli/program.ts (which passes its own argument parsers and scenario loader). The
 * commands' modules load only when one of them runs, so other commands start no slower.
 */
import type { Command } from 'commander';
import type { Scenario } from '../model/index.js';
import type { CalibrateFlags } from './calibrateCommand.js';
import { FAMILY_NAMES } from './fit/family.js';
import type { FitFlags } from './fitCommand.js';
import { withDefaultSignals } from '../app/signals.js';

export interface CommandDeps {
  wholeNumber(min: number, max?: number): (text: string) => number;
  seedArg(text: string): number | string;
  collect(value: string, previous: string[]): string[];
  /** The scenario a file or preset name gives (undefined: the embedded default). */
  loadScenario(arg: string | undefined): Promise<{ scenario: Scenario; source: string }>;
}

const write = (text: string) => void process.stdout.write(text);
const writeErr = (text: string) => void process.stderr.write(text);

const FIT_HELP = `
Candidates: ${FAMILY_NAMES.join(', ')} (--families to choose). Ranked by AIC; KS and AD p-values
from a parametric bootstrap that re-estimates the parameters on each of B samples (seeded:
the same --seed gives the same table). The winner is printed in the scenario's form.

Examples:
  orchsim fit turns.csv --column turns
  orchsim fit usage.jsonl --column message.usage.output_tokens --bootstrap 199
  orchsim fit reviews.csv --column hours --to review.overheadHours --out overlay.yaml`;

const CALIBRATE_HELP = `
Sources (any of them):
  --claude-code DIR   a project's session logs (~/.claude/projects/<project>), subagent files included
  --ccusage FILE      ccusage daily --json or session --json
  --otel FILE         OpenTelemetry events as JSON lines (claude_code.api_request)
  --prs FILE          gh pr list --state all --json number,createdAt,mergedAt,closedAt,additions,deletions,reviews
                      (or a CSV with those columns)
Only numbers and ids are read: no prompt, code or message text reaches the report or the overlay.
The overlay also holds what was observed (calibration.observed: review waits, rounds, sizes,
subagents per session): orchsim run on it writes observed-vs-simulated.csv and KS distances.

Examples:
  orchsim calibrate --claude-code ~/.claude/projects/-home-me-my-app --out team.yaml
  orchsim calibrate --claude-code logs/ --otel otel.jsonl --prs prs.json --out team.yaml --force
  orchsim calibrate --ccusage daily.json --tier-map claude-opus=opus > team.yaml
  orchsim run team.yaml`;

export function registerCalibrationCommands(program: Command, deps: CommandDeps): void {
  program
    .command('fit <file>')
    .description('fit distributions to one column of a CSV or JSON-lines file; print the ranked candidates and the winner')
    .requiredOption('-c, --column <NAME>', 'the CSV column or JSON key (a dotted path in JSON lines)')
    .option('--to <PATH>', 'the scenario field to set with the winner, e.g. agents.orientation.turns (an overlay scenario)')
    .option('-o, --out <FILE>', 'write the overlay scenario of --to to this file (default: print it)')
    .option('-f, --force', 'overwrite --out if it exists')
    .option('-b, --bootstrap <B>', 'parametric bootstrap replicates for p-values and intervals (0: none)', deps.wholeNumber(0, 100_000), 499)
    .option('-s, --seed <S>', 'seed of the bootstrap', deps.seedArg, 1)
    .option('--families <LIST>', `candidates, comma-separated (default: all of ${FAMILY_NAMES.join(', ')})`)
    .option('--lenient', 'skip and count bad lines instead of stopping at the first')
    .option('--json', 'print the fit as JSON')
    .addHelpText('after', FIT_HELP)
    .action(async (file: string, flags: FitFlags) => {
      const { fitCommand } = await import('./fitCommand.js');
      // Reading and fitting are synchronous and write nothing until the end: a signal ends them at once (../app/signals.ts).
      await withDefaultSignals(() => fitCommand(file, flags, write));
    });

  program
    .command('calibrate')
    .description("fit a scenario to a team's own data (session logs, ccusage, OpenTelemetry, pull requests): an overlay scenario")
    .option('--claude-code <DIR>', 'Claude Code session logs of a project')
    .option('--ccusage <FILE>', 'ccusage --json report')
    .option('--otel <FILE>', 'OpenTelemetry events: OTLP/HTTP JSON documents (one per line or pretty-printed) or flat records')
    .option('--prs <FILE>', 'pull-request history: gh pr list --json output or CSV')
    .option('-o, --out <FILE>', 'the overlay scenario to write (default: print it; the report then goes to stderr)')
    .option('-f, --force', 'overwrite --out if it exists')
    .option('--scenario <FILE>', 'the scenario whose routing and tiers the fields follow (default: the embedded default)')
    .option('--tier-map <PATTERN=TIER>', 'models whose name holds PATTERN are TIER (repeatable; before the default: the tier name in the model name)', deps.collect, [])
    .option('--prs-by <WHO>', 'whose pull requests: agent, human (sets review.rejectProbability.<who>) or auto (bot authors are agents, the rest people)', 'agent')
    .option('--min-observations <N>', 'fit a distribution only on at least N values', deps.wholeNumber(5), 20)
    .option('-b, --bootstrap <B>', 'bootstrap replicates per fitted field (p-values in the comments; slow on large logs)', deps.wholeNumber(0, 100_000), 0)
    .option('-s, --seed <S>', 'seed of the bootstrap', deps.seedArg, 1)
    .option('--families <LIST>', 'candidate families (default: lognormal,gamma,weibull)')
    .option('--lenient', 'skip and count bad lines instead of stopping at the first')
    .addHelpText('after', CALIBRATE_HELP)
    .action(async (flags: CalibrateFlags & { scenario?: string }) => {
      const { scenario, source } = await deps.loadScenario(flags.scenario);
      const { calibrateCommand } = await import('./calibrateCommand.js');
      calibrateCommand(flags, scenario, flags.scenario ? source : 'the default scenario', { out: write, err: writeErr });
    });
}
