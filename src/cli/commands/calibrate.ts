/**
 * `orchsim calibrate`: a scenario fitted to a team's own data, as an overlay
 * (../../calibrate/calibrate.ts, loaded only when the command runs).
 */
import type { Command } from 'commander';
import type { CalibrateFlags } from '../../calibrate/calibrateCommand.js';
import { loadScenario } from '../../app/index.js';
import { withDefaultSignals } from '../../app/signals.js';
import { collect, seedArg, wholeNumber } from '../args.js';

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

export function registerCalibrate(program: Command): void {
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
    .option('--tier-map <PATTERN=TIER>', 'models whose name holds PATTERN are TIER (repeatable; before the default: the tier name in the model name)', collect, [])
    .option('--prs-by <WHO>', 'whose pull requests: agent, human (sets review.rejectProbability.<who>) or auto (bot authors are agents, the rest people)', 'agent')
    .option('--min-observations <N>', 'fit a distribution only on at least N values', wholeNumber(5), 20)
    .option('-b, --bootstrap <B>', 'bootstrap replicates per fitted field (p-values in the comments; slow on large logs)', wholeNumber(0, 100_000), 0)
    .option('-s, --seed <S>', 'seed of the bootstrap', seedArg, 1)
    .option('--families <LIST>', 'candidate families (default: lognormal,gamma,weibull)')
    .option('--lenient', 'skip and count bad lines instead of stopping at the first')
    .addHelpText('after', CALIBRATE_HELP)
    .action(async (flags: CalibrateFlags & { scenario?: string }) => {
      const { scenario, source } = await withDefaultSignals(() => loadScenario(flags.scenario));
      const { calibrateCommand } = await import('../../calibrate/calibrateCommand.js');
      const io = { out: (text: string) => void process.stdout.write(text), err: (text: string) => void process.stderr.write(text) };
      calibrateCommand(flags, scenario, flags.scenario ? source : 'the default scenario', io);
    });
}
