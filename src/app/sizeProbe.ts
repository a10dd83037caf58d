/**
 * The run-size probe: a few replications of a point, run here with their own replicators (so the
 * run's results do not depend on it), on work that doubles until its budget is spent, measuring a
 * replication's CPU time, kernel events, records held and CSV bytes. The estimate of a run
 * (./guards.ts) and of an analysis (./analysisTime.ts) extrapolate from it.
 */
import { horizonHoursOf, type Scenario } from '../model/index.js';
import { PointReplicators, runTask } from '../experiment/index.js';
import { CsvSink, type SinkInit } from '../output/index.js';
import type { GuardInput } from './guards.js';

/**
 * The probe's budget: it stops doubling its work once its warm steps have taken PROBE_TARGET_SECONDS
 * (long enough for the timer, a collector's pause and the JIT's warm-up to matter little) or before
 * a step that would take it past PROBE_BUDGET_SECONDS in all.
 */
export const PROBE_TARGET_SECONDS = 1.2;
export const PROBE_BUDGET_SECONDS = 2;
/** A step of the probe this long is its own measurement of the speed (the last such step: the JIT warmest; earlier ones ran colder, several times slower per event on a busy machine); shorter ones are pooled. */
export const PROBE_STEP_SECONDS = 0.05;
/** The shortest horizon the probe simulates a stream over, in hours (a stream's cost per hour is read from it and longer ones). */
export const PROBE_MIN_HORIZON_HOURS = 1;
/** Replications the probe runs at each probed point, at least (it doubles them while the budget lasts). */
export const PROBE_REPLICATIONS = 1;

/** What the probe measured at one point, per replication of the full scenario (extrapolated over a stream's horizon). */
export interface PointCost {
  seconds: number;
  runsBytes: number;
  changesBytes: number;
  events: number;
  heldChanges: number;
  /** The share of a replication's horizon the probe simulated in its last measurement (1: whole replications). */
  horizonShare: number;
  /** Replications in the last measurement. */
  replications: number;
  /** Seconds the probe took at this point. */
  probeSeconds: number;
}

/** A stream scenario cut to `hours` of its horizon (the same arrivals' rate, so cost per hour is the full one's). */
function withHorizonHours(scenario: Scenario, hours: number): Scenario {
  if (scenario.mode.kind !== 'stream') return scenario;
  return { ...scenario, mode: { ...scenario.mode, horizonDays: hours / 24 } } as Scenario;
}

/**
 * The cost of one replication of `scenario` (only `regimes` of it), measured by running the run's
 * own code (replications formatted into CSV rows) on work that doubles: whole replications for one
 * change at a time; for a stream, one replication over a horizon that doubles from
 * PROBE_MIN_HORIZON_HOURS up to the scenario's, then whole replications. Its kernel events (and
 * changes held, and changes.csv's bytes) per replication come from the largest step, extrapolated
 * over a horizon it did not reach (they grow in proportion to it: events per simulated hour); its
 * time from the seconds per kernel event over every step but the first (which runs cold, before
 * V8 has optimised the model), so that one collector's pause or a busy machine's moment weighs
 * little. It stops once those steps have taken PROBE_TARGET_SECONDS, or before a step that would
 * pass the budget: it takes about `budgetSeconds` at most, and its memory is that of a
 * replication it could simulate in that time, whatever the horizon.
 */
export function probeCost(input: Pick<GuardInput, 'seed' | 'runs' | 'sinkInit'>, scenario: Scenario, point: number, budgetSeconds = PROBE_BUDGET_SECONDS): PointCost {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const regimes = [...scenario.regimes];
  const sinkInit: SinkInit = { ...input.sinkInit, prefixes: [input.sinkInit.prefixes[point] ?? '0'], regimes: [regimes] };
  const fullHours = scenario.mode.kind === 'stream' ? horizonHoursOf(scenario.mode) : 0;
  let hours = fullHours > 0 ? Math.min(fullHours, PROBE_MIN_HORIZON_HOURS) : 0;
  let replications = PROBE_REPLICATIONS;
  let last: Omit<PointCost, 'probeSeconds' | 'seconds'> | null = null;
  const timed = { seconds: 0, events: 0 };
  let coldSecondsPerEvent = 0;
  let warm: { seconds: number; events: number } | null = null;
  // One change at a time: one replicator whose replications continue (0, then 1-2, then 3-6, ...),
  // so the model is compiled once and the JIT warms up as the run's would; a stream: a replicator per horizon.
  let replicators: PointReplicators | null = null;
  let replicatorHours = -1;
  let from = 0;
  for (let step = 0; ; step++) {
    const cut = fullHours > 0 ? withHorizonHours(scenario, hours) : scenario;
    const sink = new CsvSink(sinkInit);
    if (!replicators || replicatorHours !== hours) {
      replicators = new PointReplicators([cut], input.seed, { reuse: false });
      replicatorHours = hours;
      from = 0;
    }
    const replicator = replicators.get(0);
    const eventsBefore = replicator.eventsProcessed;
    const changesBefore = replicator.changesSimulated;
    // CPU time, not wall time: on a busy machine a moment without the CPU is not the run's cost.
    const t0 = process.cpuUsage();
    const chunk = runTask(replicators, { point: 0, from, to: from + replications }, sink, sinkInit.changes);
    const used = process.cpuUsage(t0);
    from += replications;
    const seconds = (used.user + used.system) / 1e6;
    const events = replicator.eventsProcessed - eventsBefore;
    const changesSimulated = replicator.changesSimulated - changesBefore;
    if (step === 0) coldSecondsPerEvent = seconds / Math.max(1, events);
    else {
      timed.seconds += seconds;
      timed.events += events;
      // The warmest measurement: the last step, once it is long enough to outweigh a collector's pause.
      if (seconds >= PROBE_STEP_SECONDS) warm = { seconds, events };
    }
    if (process.env.PROBE_DEBUG) process.stderr.write(`probe step ${step}: ${hours} h x ${replications}: ${seconds.toFixed(3)} s, ${events} events\n`);
    const share = fullHours > 0 ? hours / fullHours : 1;
    const per = (x: number) => x / replications / share;
    last = {
      runsBytes: chunk.runs.length / replications,
      changesBytes: per(chunk.changes.length),
      events: per(events),
      heldChanges: replicator.holdsRecords({ keepChanges: sinkInit.changes }) ? per(changesSimulated) : 0,
      horizonShare: share,
      replications,
    };
    if (timed.seconds >= PROBE_TARGET_SECONDS) break;
    // The next step costs about twice this one: make it only if the budget allows.
    if (elapsed() + 2 * seconds > budgetSeconds) break;
    if (fullHours > 0 && hours < fullHours) hours = Math.min(fullHours, hours * 2);
    else if (replications < input.runs) replications = Math.min(input.runs, replications * 2);
    else break;
  }
  const rated = warm ?? timed;
  const secondsPerEvent = rated.events > 0 ? rated.seconds / rated.events : coldSecondsPerEvent;
  return { ...last, seconds: last.events * secondsPerEvent, probeSeconds: elapsed() };
}
