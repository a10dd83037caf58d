/**
 * What every field of a scenario means: its unit, the source of its default and its effect on
 * the model. The one source of this text: docs/model.md's parameter tables are generated from it
 * (`npm run docs`; a test fails when they differ) and `orchsim schema` puts it in the JSON Schema,
 * so that editors show it on hover. Defaults are not written here: they are read from the
 * embedded default scenario (./defaults), unless `default` says them better in words.
 *
 * A regime's own setting is documented in its module (../regimes: `setting.docs`) and spliced in
 * here; the build costs' defaults are read from the regimes' declared defaults.
 *
 * Paths are dotted; `*` stands for any key of a map (a tier, a kind, a regime), `[*]` for any item
 * of a list. A test fails when a field of the schema has no entry, or an entry no field.
 */
import { REGIME_LIST, type RegimeDefinition } from '../regimes/index.js';

export interface FieldDoc {
  /** The unit of the value, or what kind of value it is ('probability', 'tier', '-' for a word). */
  unit: string;
  /** Where the default comes from ('judgment': no publication pins it down; '-': a choice, not a figure). */
  source: string;
  /** What the field does in the model. */
  effect: string;
  /** The default in words, where the value itself reads badly ("0 (off)"). */
  default?: string;
}

const REGIMES = REGIME_LIST as readonly RegimeDefinition[];

/** Each regime's default build cost, in list order: `human 0, single 0, fanout 2,400, ...`. */
function buildDefaults(part: 'oneOffUsd' | 'monthlyUsd'): string {
  return REGIMES.map((r) => `${r.name} ${r.defaults.build[part].toLocaleString('en-US')}`).join(', ');
}

const doc = (unit: string, source: string, effect: string, defaultText?: string): FieldDoc =>
  defaultText === undefined ? { unit, source, effect } : { unit, source, effect, default: defaultText };

/** A calendar's fields (review and people keep one each). */
function calendar(prefix: string, effect: string, defaultText: string): Record<string, FieldDoc> {
  return {
    [prefix]: doc('`always` or `{ startHour, endHour, workDays }`', '-', effect, defaultText),
    [`${prefix}.startHour`]: doc('hour of the day, 0-24', '-', 'opening hour of each working day'),
    [`${prefix}.endHour`]: doc('hour of the day, 0-24', '-', 'closing hour, after `startHour`'),
    [`${prefix}.workDays`]: doc('list of weekdays (0 = Sunday ... 6 = Saturday)', '-', 'working days, each once'),
  };
}

/** The four draws of an agent call's work (kinds, orientation, revision). */
function workProfile(prefix: string, what: string, values: { turns: string; output: string; growth: string; tool: string }, source = 'judgment'): Record<string, FieldDoc> {
  return {
    [`${prefix}.turns`]: doc('turns', source, values.turns),
    [`${prefix}.outputTokensPerTurn`]: doc('tokens', 'judgment', values.output),
    [`${prefix}.contextGrowthPerTurn`]: doc('tokens', 'judgment', values.growth),
    [`${prefix}.toolSecondsPerTurn`]: doc('seconds', 'judgment', values.tool || `tool time per turn of ${what}`),
  };
}

export const FIELD_DOCS: Readonly<Record<string, FieldDoc>> = {
  name: doc('text', '-', 'labels outputs and names the output folder (`results/<name>-<command>`); a file without it is named after itself'),
  description: doc('text', '-', 'says what the scenario is for (shown by `orchsim presets`)', 'a sentence'),
  regimes: doc('list of regimes', '-', 'which regimes run, on the same changes; paired differences are taken against the baselines (the single agent, the engineer by hand) when they run'),
  ...Object.assign({}, ...REGIMES.map((r) => r.setting?.docs ?? {})),

  'mode.kind': doc('-', '-', '`single-change`: one change per replication; `stream`: changes arrive over `horizonDays`'),
  'mode.arrivalHour': doc('hours after Monday 00:00', '-', 'single-change: when the change arrives (working hours matter)'),
  'mode.arrivals.per': doc('-', '-', 'stream: `hour`, `workingDay` (only while people work) or `month` (730.5 h) for Poisson arrivals at `rate`; `engineer` for a closed loop'),
  'mode.arrivals.rate': doc('changes per `per`', '-', 'stream: the Poisson arrival rate'),
  'mode.arrivals.engineers': doc('people', '-', 'closed loop: engineers filing changes, 1 to 100,000'),
  'mode.arrivals.thinkHours': doc('working hours, a distribution', '-', 'closed loop: each engineer files the next change this long after the last reached review (or ended before it)'),
  'mode.horizonDays': doc('days', '-', 'stream: arrivals stop after this; every change that arrived is followed to its end; an open stream may have at most 20,000,000 changes per replication, 1,000,000 when its changes are kept (changes.csv)'),

  'prices.asOf': doc('date', 'Claude pricing', 'when the price table was read: prices change, so results carry this date'),
  'prices.source': doc('text', '-', 'where the price table comes from', 'the sources of the rows below'),
  'prices.tiers.*.inputUsdPerMTok': doc('USD per M tokens', 'Claude pricing', 'price of uncached input'),
  'prices.tiers.*.cacheWriteUsdPerMTok': doc('USD per M tokens', 'Claude pricing (5-minute write, 1.25x input)', 'price of what a turn appends'),
  'prices.tiers.*.cacheReadUsdPerMTok': doc('USD per M tokens', 'Claude pricing (0.1x input)', 'price of re-read context served from cache'),
  'prices.tiers.*.outputUsdPerMTok': doc('USD per M tokens', 'Claude pricing', 'price of output'),
  'prices.tiers.*.outputTokensPerSecond': doc('tokens/s, drawn per call', 'secondary sources quoting benchmark sites (ranges)', 'turn duration; 0 or less: instant'),
  'prices.tiers.*.timeToFirstTokenSeconds': doc('seconds, drawn per call', 'same; haiku "short": judgment', 'turn duration'),
  'prices.tiers.*.contextWindowTokens': doc('tokens', 'Claude models overview', 'caps what a turn re-reads: a longer session compacts and re-reads a full window'),
  'prices.tiers.*.turnsMultiplier': doc('x', 'judgment', 'scales every call\'s turns on that tier'),
  'prices.tiers.*.wrongProbability': doc('probability', '1 - SWE-bench (73.3%, 77.2%, 80.9%)', 'chance an attempt at a difficulty-1 subtask is wrong (`failure.model: flat`)'),
  'prices.tiers.*.horizonHours': doc('hours of a person\'s work', 'METR time horizons (Sonnet 4.5 about 2 h, Opus 4.5 4 h 49 min); haiku: judgment', '`failure.model: time-horizon`: task length at which half the attempts fail'),
  'prices.tiers.*.horizonSlopePerDoubling': doc('logit per doubling', 'METR: ln 4 / log2(161 / 31) from one model\'s 50% and 80% horizons', '`failure.model: time-horizon`: how fast failure rises with the task\'s length'),

  'routing.orchestrator': doc('tier', 'judgment', 'tier of plan and consolidation calls'),
  'routing.kinds.*': doc('kind -> tier', 'judgment', 'tier of each kind\'s first attempt'),
  'routing.default': doc('tier', 'judgment', 'tier of unlisted kinds and of revision calls'),
  'routing.escalationLadder': doc('list of tiers', 'judgment', 'a caught failure moves the next attempt one step up; `[]`: no escalation'),

  'workload.graph.generator': doc('-', '-', '`independent` (no edges), `chain` (each after the previous), `fork-join` (one root, count - 2 parallel middles, one join), `layered` (each node after each node of the previous layer with `edgeProbability`, and after at least one) or `explicit` (a fixed graph)'),
  'workload.graph.count': doc('subtasks, a distribution', '-', '`independent`, `chain`, `fork-join`: subtasks per change'),
  'workload.graph.layers': doc('layers, a distribution', 'judgment', '`layered`: layers per change'),
  'workload.graph.width': doc('subtasks, a distribution', 'judgment', '`layered`: subtasks per layer, drawn per layer'),
  'workload.graph.edgeProbability': doc('probability', 'judgment', '`layered`: chance of each edge from the previous layer'),
  'workload.graph.subtasks[*].id': doc('text', '-', '`explicit`: the subtask\'s name, unique'),
  'workload.graph.subtasks[*].kind': doc('kind', '-', '`explicit`: its kind (a key of `workload.kinds`)'),
  'workload.graph.subtasks[*].sizeLines': doc('lines of diff', '-', '`explicit`: its size, instead of a draw from its kind'),
  'workload.graph.subtasks[*].after': doc('list of ids', '-', '`explicit`: the subtasks it waits on, listed before it; a cycle is refused, naming its members'),

  'workload.kinds.*.share': doc('weight', 'judgment', 'chance a drawn subtask is of this kind (shares need not sum to 1)'),
  'workload.kinds.*.sizeLines': doc('lines of diff', 'Sadowski (median change 24 lines); per subtask: judgment', 'review reading time'),
  'workload.kinds.*.verifiability': doc('probability', 'judgment', 'a wrong attempt is caught by its own checks (then retried)'),
  'workload.kinds.*.difficulty': doc('x', 'judgment (1 = a SWE-bench-like task)', 'multiplies the tier\'s `wrongProbability`'),
  ...workProfile('workload.kinds.*.work', 'an attempt', {
    turns: 'turns of an attempt (x the tier\'s `turnsMultiplier`)',
    output: 'output tokens and time',
    growth: 'tool results appended per turn: drives re-read input',
    tool: 'tool time (tests, builds, searches) per turn',
  }),
  'workload.kinds.*.humanHours': doc('working hours', 'judgment', 'an engineer\'s time for this subtask (human regime, takeovers)'),

  'agents.baseContextTokens': doc('tokens, drawn per change', 'judgment (typical coding-agent system prompt, tools, repository instructions)', 'every context starts from it'),
  'agents.briefingTokens': doc('tokens, drawn per subtask', 'judgment', 'the orchestrator\'s brief a subagent reads (fan-out)'),
  ...workProfile(
    'agents.orientation',
    'orientation',
    {
      turns: 'a fresh context\'s reading turns; a single session pays them once',
      output: 'a tool call to read or search',
      growth: 'one or two source files per turn',
      tool: '',
    },
    'judgment, calibrated so that the fan-out premium lands in the published range (Anthropic 2025: agents ~4x a chat, multi-agent ~15x; Claude Code docs: agent teams ~7x)',
  ),
  'agents.cacheHitShare': doc('share', 'judgment', 'share of re-read context billed as cache reads'),
  'agents.singleSessionCarryCapTokens': doc('tokens', 'judgment', 'what a single session carries from one subtask to the next (after compaction)'),
  ...workProfile('agents.revision', 'a revision', {
    turns: 'turns of the call that makes a reviewer\'s judgment changes (agents rework)',
    output: 'its output per turn',
    growth: 'its context growth per turn',
    tool: '',
  }),

  'orchestration.policy': doc('-', '-', '`speculative`: start subtasks before their predecessors finish, at a conflict risk'),
  'orchestration.agentCallCap': doc('concurrent calls', '-', 'global cap shared by all changes (an API rate limit), 0: none; matters in streams', '0 (none)'),
  'orchestration.plan.turns': doc('turns', 'judgment', 'plan call length'),
  'orchestration.plan.contextTokens': doc('tokens', 'judgment', 'what the orchestrator reads to plan, over the base context'),
  'orchestration.plan.outputTokensPerTurn': doc('tokens', 'judgment', 'the plan\'s output per turn'),
  'orchestration.consolidate.turns': doc('turns', 'judgment', 'consolidation call length'),
  'orchestration.consolidate.contextTokens': doc('tokens', 'judgment', 'what the orchestrator reads to consolidate, over the base context'),
  'orchestration.consolidate.outputTokensPerTurn': doc('tokens', 'judgment', 'the consolidation\'s output per turn'),
  'orchestration.consolidate.readShareOfSubagentOutput': doc('share', 'judgment', 'share of the subagents\' output tokens read back'),
  'orchestration.consolidate.turnsPerConflict': doc('turns', 'judgment', 'extra turns per sibling conflict'),
  'orchestration.singlePlans': doc('boolean', '-', 'give the single agent a plan call too'),
  'orchestration.singleConsolidates': doc('boolean', '-', 'give the single agent a consolidation call too'),

  'failure.model': doc('-', '-', 'how an attempt\'s wrong probability is set: `flat` (the tier\'s `wrongProbability` x the kind\'s `difficulty`) or `time-horizon` (logistic in the log of the subtask\'s human hours, per tier `horizonHours` and `horizonSlopePerDoubling`)'),
  'failure.maxAttempts': doc('attempts, 1 to 20', 'judgment', 'caught failures in a row before `onExhausted`'),
  'failure.onExhausted': doc('-', '-', '`human-takeover` (an engineer takes the subtask over) or `abandon` the change'),
  'failure.siblingConflictProbability': doc('probability per overlapping sibling', 'MAST: inter-agent misalignment is 32% of multi-agent failures; the rate: judgment', 'extra consolidation turns'),
  'failure.speculativeConflictProbability': doc('probability per unfinished ancestor', 'judgment', 'a speculative start is redone after all its ancestors'),
  'failure.gate.enabled': doc('boolean', '-', 'run the automated gate before review'),
  'failure.gate.durationHours': doc('hours', 'judgment', 'time per gate run'),
  'failure.gate.catchProbability': doc('probability per carried defect', 'judgment (coverage of a typical suite)', 'defects caught before review'),
  'failure.gate.maxRuns': doc('runs, 1 to 20', 'judgment', 'then the change goes to review anyway'),
  'failure.gate.afterReviewRework': doc('boolean', '-', 'agents\' rework after review goes through the gate again before re-review (false: straight back)'),

  'review.reviewers': doc('people', 'judgment (Sadowski: median 1 reviewer; Rigby and Bird 2013: about 2)', 'servers of the shared review queue'),
  ...calendar('review.workingHours', 'when reviews are granted and progress', '9-17, Monday-Friday'),
  'review.linesPerHour': doc('lines/hour', 'SmartBear: under 300-500 lines/hour', 'reading time'),
  'review.overheadHours': doc('hours per round', 'judgment', 'context switch, CI look, comments'),
  'review.machineVerifiedDiscount': doc('share', 'judgment', 'reading time saved when the gate passed'),
  'review.reReviewShare': doc('share', 'judgment', 'share of the diff re-read in later rounds'),
  'review.defectDetectionProbability': doc('probability per defect per round', 'SmartBear: 70-90% of defects found', 'defects found before merge'),
  'review.judgmentChangeProbability': doc('probability per round', '15.4% of merged agent PRs needed reviewer fixes (arXiv 2605.22534)', 'rework without a defect'),
  'review.rejectProbability.agent': doc('probability at the first round', 'Claude Code PRs merged 83.8% (arXiv 2509.14745)', 'an agent\'s change closed unmerged'),
  'review.rejectProbability.human': doc('probability at the first round', 'PRs by people merged 91.0% (arXiv 2509.14745)', 'a person\'s change closed unmerged'),
  'review.reworkBy': doc('-', '-', '`agents` or `people` (the regime of people by hand always uses people)'),
  'review.peopleReworkMinutes': doc('minutes per item', 'judgment', 'people\'s rework time'),
  'review.maxRounds': doc('rounds, 1 to 50', 'judgment', 'then the change is abandoned'),

  'people.loadedUsdPerHour': doc('USD/hour', 'US BLS median $64/h x 1.42 (wages 70.2% of compensation) = $91; METR uses $150; judgment $100', 'every people term'),
  ...calendar('people.workingHours', 'authoring, takeovers, people\'s rework, `workingDay` arrivals', '9-17, Monday-Friday'),
  'people.supervision': doc('share (0 to 1)', 'judgment: no publication measures supervision of parallel agents; see Supervision in docs/model.md', 'the supervision basis: 0 bills supervisionShare on the union of the hours agents are at work (parallel subagents watched at once), 1 on agent-hours (each concurrent call watched on its own), between a mix; with money.delayUsdPerHour the term that decides the fan-out presets'),
  'people.supervisionShare': doc('share', 'judgment, after METR (arXiv 2507.09089): developers spent much of their time prompting, waiting on and reviewing AI output', 'engineer time while agents work'),
  'defaultRuns': doc('replications', '-', 'what run and sweep make (per point) when --runs is not given'),
  'people.handlers': doc('people', '-', 'manual work (the human regime, a script\'s fallbacks) waits for one of them, on working hours; 0: nobody waits', '0 (unlimited)'),
  'people.humanDefectProbability': doc('probability per subtask', 'judgment', 'defects in hand-written subtasks (human regime, takeovers)'),
  'people.specifyHours': doc('hours per change', 'judgment', 'agent regimes: a person\'s time to specify the change and write the brief'),
  'people.planReadHours': doc('hours per plan call', 'judgment', 'agent regimes that plan: a person\'s time to read the plan'),

  'money.remediationMinutesPerEscapedDefect': doc('minutes', 'judgment', 'people\'s time to fix each escaped defect'),
  'money.build.*.oneOffUsd': doc('USD, per regime', 'judgment (see each regime module)', 'building the regime\'s tooling once: spread over `amortisationMonths`', buildDefaults('oneOffUsd')),
  'money.build.*.monthlyUsd': doc('USD a month, per regime', 'judgment', 'upkeep (or a managed service\'s fees); per outcome (oneOff / amortisationMonths + monthly) / outcomes a month', buildDefaults('monthlyUsd')),
  'money.amortisationMonths': doc('months', 'judgment', 'over how long a one-off build is spread'),
  'money.monthlyVolume': doc('outcomes a month', 'judgment (a team of about ten)', 'outcomes sharing the build in single-change mode and closed loops (an open stream uses its own rate)'),
  'money.incidentUsdPerEscapedDefect': doc('USD', '-', 'direct loss per escaped defect (an incident, refunds), counted in remediation', '0 (off)'),
  'money.delayUsdPerHour': doc('USD/hour', '-', 'carrying cost of waiting, from request to merge', '0 (off)'),
  'decision.candidates': doc('list of regimes', '-', 'the regimes the choice is between (the baseline is added); the verdict compares each with the baseline', 'every regime run'),
  'decision.baseline': doc('a regime (single or human)', '-', 'what every candidate is compared against (summary.csv pairs against single and human)', 'single if run, else human'),
  'decision.metrics': doc('list of metric keys (runs.csv metrics in camelCase, e.g. costPerMergedUsd)', '-', 'the first decides (the verdict, sensitivity\'s headline, breakeven\'s default, the best point); the others are reported beside it', 'one change: costPerMergedUsd, wallClockHours; stream: mergedPerMonth, leadTimeHours, costPerMergedUsd'),
  'decision.question': doc('text', '-', 'the question in words, printed with the verdict (the outcome presets name their decision-table row)', '-'),
  'sensitivity.method': doc('`tornado`, `morris` or `sobol`', '-', 'the sensitivity method', 'tornado'),
  'sensitivity.params[*].path': doc('dotted path to a number', '-', 'a scenario field the sensitivity varies (as `--param PATH=LOW..HIGH`)', '-'),
  'sensitivity.params[*].low': doc('the field\'s unit', '-', 'the low end of its range (within what the field takes)', '-'),
  'sensitivity.params[*].high': doc('the field\'s unit', '-', 'the high end of its range, above `low`', '-'),
  'sensitivity.judgment': doc('true or false', '-', 'add every judgment figure the scenario has, over ±50% of its value (as `--judgment`)', 'false'),
  'sensitivity.runs': doc('replications', '-', 'replications per design point (per end, for the tornado); as `--runs`', '1,000'),
  'sensitivity.trajectories': doc('trajectories', 'Campolongo et al. 2007', 'Morris: the trajectories r (r (k + 1) points for k parameters)', '20'),
  'sensitivity.levels': doc('levels (even)', 'Morris 1991', 'Morris: the grid levels p of each parameter', '4'),
  'sensitivity.samples': doc('base samples', 'Saltelli 2002', 'Sobol: the base samples N (N (k + 2) points)', '200'),

  'uncertainty.*': doc('a distribution (`{ dist: ... }`) in the field\'s unit, keyed by a dotted path to a number', 'judgment (say why in a comment)', '`orchsim robustness` draws the field from it (replacing the judgment default of that path, docs/model.md); its support must lie within what the field takes', 'the judgment ranges of docs/model.md'),
  'calibration.measured': doc('list of dotted paths', '`orchsim calibrate`', 'the fields calibrate measured from a team\'s data: `orchsim robustness` narrows their judgment range to ±10% of the measured value', '- (absent: none measured)'),
  'calibration.observed.*.observations': doc('count', '`orchsim calibrate`', 'how many values of the quantity (the key: subagentsPerSession, subagentsAtOnce, turnsPerSubagentRun, outputTokensPerTurn, secondsPerTurn, reviewWaitHours, reviewRounds, changeLines, linesPerReviewHour) were observed; changes no result: a run writes observed-vs-simulated.csv from it', '- (absent: nothing observed)'),
  'calibration.observed.*.form': doc('`sample` or `quantiles`', '`orchsim calibrate`', '`sample`: `values` are every observation; `quantiles`: 201 equally spaced quantiles of more than 200', '-'),
  'calibration.observed.*.values': doc('list of numbers, ascending', '`orchsim calibrate`', 'the observed values (numbers only, no text from the logs), drawn against the simulated ones as ECDFs with a KS distance', '-'),
};

/** What the groups of fields are, for editors' hover on a section. */
export const GROUP_DOCS: Readonly<Record<string, string>> = {
  decision: 'The decision the scenario is about: candidates, baseline and the metrics the choice is made on. The console\'s verdict, sensitivity\'s headline, breakeven\'s default, the report\'s first section and best.csv use it. Absent: the mode\'s default.',
  uncertainty: 'What `orchsim robustness` takes as uncertain: a distribution per scenario path, over the judgment defaults (docs/model.md). Absent: the defaults alone; no regime reads it.',
  sensitivity: 'What `orchsim sensitivity` varies when no --param is given, and how (flags win, key by key). Absent by default; no regime reads it.',
  mode: 'One change per replication, or a stream of changes over a horizon.',
  prices: 'The price table: per tier, prices, speeds and accuracy (also configs/tiers.yaml).',
  'prices.tiers': 'Model tiers by name (lower-case words).',
  routing: 'Which tier does what.',
  workload: 'The changes: their dependency graph and the kinds of subtask.',
  'workload.graph': 'How a change\'s subtasks depend on each other, drawn once per change.',
  'workload.kinds': 'Subtask kinds by name.',
  agents: 'What every agent context reads and carries.',
  orchestration: 'The orchestrator\'s plan and consolidation calls, and the dispatch policy.',
  failure: 'Wrong attempts, retries, conflicts and the automated gate.',
  review: 'The shared human review queue.',
  people: 'Engineers: their cost, calendar and time with the agents.',
  money: 'Remediation, tooling, incidents and delay.',
  calibration: 'What `orchsim calibrate` observed, for observed-versus-simulated distributions (optional; no effect on results).',
  ...Object.fromEntries(REGIMES.flatMap((r) => (r.setting?.section ? [[r.setting.key, r.setting.section]] : []))),
  'mode.arrivals': 'Stream: how changes arrive: Poisson at a rate per hour, working day or month, or a closed loop of engineers.',
  'routing.kinds': 'The tier each subtask kind\'s first attempt goes to (kinds not listed: routing.default).',
  'workload.graph.subtasks': 'An explicit graph: its subtasks, each with an id, a kind and the ids it waits for.',
  'workload.kinds.*.work': 'The draws of one attempt\'s work on this kind: turns, output and context growth per turn, tool time.',
  'agents.orientation': 'The reading turns a fresh context spends finding its way before it works (a single session pays them once).',
  'agents.revision': 'The draws of a revision call: an agent reworking a change after review asked for changes.',
  'orchestration.plan': 'The orchestrator\'s planning call: its turns and tokens.',
  'orchestration.consolidate': 'The orchestrator\'s consolidation call: its turns and tokens (input grows with the subagents\' outputs).',
  'failure.gate': 'The automated gate (a test suite) every change passes before review: what it catches and what it costs.',
  'review.rejectProbability': 'The chance review rejects a change outright, by who authored it (agents or people).',
  'money.build': 'The one-off build and monthly upkeep of each regime\'s orchestration or automation, amortised over the outcomes of an amortisation period.',
  'money.build.*': 'This regime\'s build cost and monthly upkeep (USD), amortised over its outcomes.',
  'sensitivity.params': 'The parameters `orchsim sensitivity` varies: each a dotted path with its low and high ends.',
  'calibration.observed': 'Per quantity, the values `orchsim calibrate` observed (sorted; up to 200, else 201 quantiles), set against the simulated ones.',
};
