/**
 * The embedded default scenario: a realistic mid-sized change (about a dozen subtasks, partly
 * dependent) worked with fan-out N = 4, so every command runs with no file.
 *
 * Every figure names its source (see ../shared/CALIBRATION.md and docs/model.md); "judgment"
 * marks a figure no publication pins down. Times are hours unless the name says otherwise.
 */
import { REGIME_LIST, type RegimeDefinition, type RegimeSettings } from '../regimes/index.js';
import type { Scenario } from './schema.js';

/**
 * Logit of failure per doubling of a task's length, from METR's 50% and 80% horizons of one model
 * (GPT-5.1-Codex-Max: 2 h 41 min and 31 min): ln(4) / log2(161 / 31) = 0.58. METR fits one slope
 * per model; the others' are near it (Kwa et al. 2025, arXiv 2503.14499).
 */
const TIME_HORIZON_SLOPE = 0.58;

const lognormal = (median: number, p90: number) => ({ dist: 'lognormal' as const, median, p90 });

/** Claude pricing documentation, read November 2026. USD per million tokens. */
export const DEFAULT_PRICES: Scenario['prices'] = {
  asOf: '2026-11',
  source:
    'Claude pricing documentation (input, 5-minute cache write, cache read, output); speeds: ' +
    'secondary sources quoting benchmark sites, as ranges; wrong-attempt rates: 1 - SWE-bench Verified',
  tiers: {
    haiku: {
      inputUsdPerMTok: 1,
      outputUsdPerMTok: 5,
      cacheReadUsdPerMTok: 0.1,
      cacheWriteUsdPerMTok: 1.25,
      // "about 44 tok/s, or more than twice Sonnet 4" per its vendor: a wide range.
      outputTokensPerSecond: { dist: 'uniform', min: 44, max: 110 },
      // "short": judgment.
      timeToFirstTokenSeconds: { dist: 'triangular', min: 0.5, mode: 0.8, max: 1.5 },
      contextWindowTokens: 200_000, // Claude models overview: 200K standard window
      turnsMultiplier: 1.15, // judgment: a weaker model takes more turns
      wrongProbability: 0.267, // 1 - 73.3% SWE-bench Verified
      horizonHours: 1, // judgment: METR has published no horizon for Haiku 4.5
      horizonSlopePerDoubling: TIME_HORIZON_SLOPE,
    },
    sonnet: {
      inputUsdPerMTok: 3,
      outputUsdPerMTok: 15,
      cacheReadUsdPerMTok: 0.3,
      cacheWriteUsdPerMTok: 3.75,
      outputTokensPerSecond: { dist: 'uniform', min: 36, max: 63 },
      timeToFirstTokenSeconds: { dist: 'triangular', min: 1.2, mode: 1.8, max: 3 },
      contextWindowTokens: 200_000,
      turnsMultiplier: 1,
      wrongProbability: 0.228, // 1 - 77.2%
      horizonHours: 2, // METR: about 2 hours for Sonnet 4.5
      horizonSlopePerDoubling: TIME_HORIZON_SLOPE,
    },
    opus: {
      inputUsdPerMTok: 5,
      outputUsdPerMTok: 25,
      cacheReadUsdPerMTok: 0.5,
      cacheWriteUsdPerMTok: 6.25,
      outputTokensPerSecond: { dist: 'uniform', min: 39, max: 50 },
      timeToFirstTokenSeconds: { dist: 'triangular', min: 1.8, mode: 2.7, max: 4.5 },
      contextWindowTokens: 200_000,
      turnsMultiplier: 0.9, // judgment
      wrongProbability: 0.191, // 1 - 80.9%
      horizonHours: 4.8, // METR: 4 h 49 min for Opus 4.5 (95% CI 1 h 49 min to 20 h 25 min)
      horizonSlopePerDoubling: TIME_HORIZON_SLOPE,
    },
  },
};

export const DEFAULT_SCENARIO: Scenario = {
  name: 'default',
  description:
    'A mid-sized change: about a dozen subtasks in three partly dependent layers, ' +
    'fan-out N = 4, two reviewers on working hours.',
  regimes: REGIME_LIST.filter((r) => r.inDefaultScenario).map((r) => r.name),
  defaultRuns: 10_000, // what `orchsim run` makes when --runs is not given
  // Each regime's own setting (fan-out's width N = 4: judgment, a mid-sized change's parallelism).
  ...(Object.fromEntries(REGIME_LIST.flatMap((r: RegimeDefinition) => (r.setting ? [[r.setting.key, r.setting.default]] : []))) as unknown as RegimeSettings),
  mode: { kind: 'single-change', arrivalHour: 9 }, // Monday 09:00
  prices: DEFAULT_PRICES,
  routing: {
    orchestrator: 'opus',
    kinds: { scout: 'haiku', implement: 'sonnet', hard: 'opus' },
    default: 'sonnet',
    escalationLadder: ['haiku', 'sonnet', 'opus'],
  },
  workload: {
    graph: {
      generator: 'layered',
      layers: { dist: 'triangular', min: 2, mode: 3, max: 4 },
      width: { dist: 'triangular', min: 2, mode: 4, max: 6 },
      edgeProbability: 0.4,
    },
    kinds: {
      scout: {
        share: 0.2,
        sizeLines: { dist: 'constant', value: 0 }, // a scout reports; it writes no diff
        verifiability: 0.3, // judgment: a report has no tests
        difficulty: 0.5,
        work: {
          turns: lognormal(6, 15),
          outputTokensPerTurn: lognormal(300, 1000),
          contextGrowthPerTurn: lognormal(3000, 9000),
          toolSecondsPerTurn: lognormal(3, 15),
        },
        humanHours: lognormal(0.5, 1.5),
      },
      implement: {
        share: 0.6,
        // Google's median change is 24 lines (Sadowski et al. 2018); a subtask of a dozen-part change: judgment.
        sizeLines: lognormal(60, 200),
        verifiability: 0.7,
        difficulty: 1,
        work: {
          turns: lognormal(8, 20),
          outputTokensPerTurn: lognormal(500, 1500),
          contextGrowthPerTurn: lognormal(2000, 6000),
          toolSecondsPerTurn: lognormal(8, 40),
        },
        humanHours: lognormal(2, 6),
      },
      hard: {
        share: 0.2,
        sizeLines: lognormal(120, 400),
        verifiability: 0.5,
        difficulty: 1.8, // judgment: sonnet then fails 41% of attempts
        work: {
          turns: lognormal(14, 40),
          outputTokensPerTurn: lognormal(600, 2000),
          contextGrowthPerTurn: lognormal(2500, 8000),
          toolSecondsPerTurn: lognormal(10, 60),
        },
        humanHours: lognormal(4, 12),
      },
    },
  },
  agents: {
    // System prompt, tools and repository instructions: judgment from typical coding-agent sessions.
    baseContextTokens: lognormal(18_000, 30_000),
    briefingTokens: lognormal(3_000, 8_000), // judgment: the task, acceptance criteria, files to read
    // A fresh context reads its way into the code base; a single session pays this once. Judgment,
    // set so that the emergent fan-out premium over a single agent (about 4.5x here) lands in the
    // published range: multi-agent ~15x vs agents ~4x a chat (Anthropic engineering 2025), agent
    // teams ~7x a standard session (Claude Code docs). Explore-style subagents make 20-40 tool calls.
    orientation: {
      turns: lognormal(18, 40),
      outputTokensPerTurn: lognormal(150, 400), // a tool call to read or search
      contextGrowthPerTurn: lognormal(8_000, 20_000), // one or two source files a turn
      toolSecondsPerTurn: lognormal(2, 6),
    },
    cacheHitShare: 0.9, // judgment: agent sessions are mostly cache reads
    singleSessionCarryCapTokens: 12_000, // judgment: what survives compaction between subtasks
    revision: {
      turns: lognormal(6, 15),
      outputTokensPerTurn: lognormal(400, 1200),
      contextGrowthPerTurn: lognormal(2000, 6000),
      toolSecondsPerTurn: lognormal(8, 40),
    },
  },
  orchestration: {
    policy: 'respect-dependencies',
    agentCallCap: 0,
    plan: {
      turns: lognormal(6, 15),
      contextTokens: lognormal(25_000, 60_000),
      outputTokensPerTurn: lognormal(800, 2_000),
    },
    consolidate: {
      turns: lognormal(4, 10),
      contextTokens: lognormal(5_000, 10_000),
      outputTokensPerTurn: lognormal(600, 1_500),
      readShareOfSubagentOutput: 1,
      turnsPerConflict: lognormal(3, 8),
    },
    singlePlans: false,
    singleConsolidates: false,
  },
  failure: {
    maxAttempts: 3,
    model: 'flat',
    onExhausted: 'human-takeover',
    // MAST (Cemri et al.): inter-agent misalignment is 32% of multi-agent failures; per-pair rate: judgment.
    siblingConflictProbability: 0.04,
    speculativeConflictProbability: 0.35, // judgment
    gate: {
      enabled: true,
      durationHours: lognormal(0.15, 0.5),
      catchProbability: 0.6, // judgment: coverage of a typical suite
      maxRuns: 3,
      afterReviewRework: true,
    },
  },
  review: {
    reviewers: 2,
    workingHours: { startHour: 9, endHour: 17, workDays: [1, 2, 3, 4, 5] },
    linesPerHour: 400, // SmartBear/Cisco: under 300-500 lines/hour
    overheadHours: lognormal(0.25, 0.75), // judgment: context switch, CI look, comments
    machineVerifiedDiscount: 0.3, // judgment
    reReviewShare: 0.3, // judgment
    defectDetectionProbability: 0.8, // SmartBear/Cisco: 70-90% of defects found
    judgmentChangeProbability: 0.15, // 15.4% of merged agent PRs needed reviewer fixes (arXiv 2605.22534)
    // Claude Code PRs merged 83.8% vs 91.0% for people (arXiv 2509.14745).
    rejectProbability: { agent: 0.162, human: 0.09 },
    reworkBy: 'agents',
    peopleReworkMinutes: lognormal(20, 60), // judgment
    maxRounds: 3,
  },
  people: {
    loadedUsdPerHour: 100, // $64/h median wage x 1.42 benefits, METR uses $150: judgment $100
    workingHours: { startHour: 9, endHour: 17, workDays: [1, 2, 3, 4, 5] },
    // Judgment: METR (arXiv 2507.09089) saw developers spend much of their time with AI tools
    // prompting, waiting on and reviewing the AI; a quarter of the agents' run time here.
    supervisionShare: 0.25,
    // Judgment (no publication measures how people supervise parallel agents): the person talks to
    // one session, the orchestrator, which briefs the subagents and reads their results back, so
    // the hours watched are those some agent is at work (their union), not each agent's.
    // docs/model.md argues it; 1 bills every agent-hour and flips test-backfill.
    supervision: 0,
    humanDefectProbability: 0.08, // judgment
    specifyHours: 0.25, // judgment: a quarter hour to write the ticket into a brief for agents
    planReadHours: 0.1, // judgment: six minutes to read and approve a plan
    handlers: 0, // unlimited: manual work never queues unless a team size is set
  },
  money: {
    remediationMinutesPerEscapedDefect: lognormal(120, 480), // judgment: an escaped code defect
    // Judgment, per regime (see each regime's module): tooling built once and kept up monthly.
    build: Object.fromEntries(REGIME_LIST.map((r) => [r.name, r.defaults.build])) as Scenario['money']['build'],
    amortisationMonths: 12, // judgment: tooling is rebuilt or replaced within a year or so
    monthlyVolume: 200, // judgment: a team of about ten engineers merging about 20 changes each a month
    incidentUsdPerEscapedDefect: 0, // off by default: set it where an escape has a direct cost
    delayUsdPerHour: 0,
  },
};
