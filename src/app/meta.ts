/**
 * meta.json: the record of a run (what was run, on what, by which version, how long it took),
 * and the hashes and labels it is made of. Merge checks shards against each other with it.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/index.js';
import { showValue } from '../experiment/index.js';
import type { Executed } from './execute.js';
import { version } from './paths.js';
import type { ExperimentPlan } from './plan.js';

export interface PointMeta {
  point: number;
  values: Record<string, unknown>;
  regimes: string[];
  fanout: number;
  scenarioHash: string;
}

export interface Meta {
  orchsim: string;
  command: string;
  argv: string[];
  scenarioName: string;
  scenarioHash: string;
  scenario: Scenario;
  seed: number | string;
  runs: number;
  grid: { path: string; column: string; values: unknown[] }[];
  points: PointMeta[];
  tiers: string[];
  units: number;
  shard: { index: number; count: number; start: number; end: number };
  workers: number;
  changes: boolean;
  files: string[];
  node: string;
  startedAt: string;
  seconds: number;
  maxRssMb: number;
  /**
   * Seconds spent simulating (and formatting) and summarising, and CPU seconds of the whole process
   * (every thread, user and system): cpuSeconds / seconds is how many cores the run kept busy.
   */
  timing?: { simulateSeconds: number; summarySeconds: number; cpuSeconds: number };
  merged?: { from: string[] };
  /**
   * Present when the run was resumed (--resume): the chunks (tasks of replications) and
   * replications of this shard taken from the journal of the interrupted run rather than run again.
   */
  resumed?: { chunks: number; replications: number };
}

/** JSON with object keys sorted, for hashing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function scenarioHash(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

/** `path=value, ...` of a sweep point, for messages and the console report. */
export function pointLabel(varies: readonly { path: string }[], values: readonly unknown[]): string {
  return varies.map((v, i) => `${v.path}=${showValue(values[i])}`).join(', ');
}

/** CPU seconds of this process so far, every thread, user and system. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000) / 1000;
}

/** Seconds since `started` (a performance.now() reading), to the millisecond. */
export function secondsSince(started: number): number {
  return Math.round(((performance.now() - started) / 1000) * 1000) / 1000;
}

/** The peak resident memory of this process so far, in MB. */
export function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** What a run's record says of how it ran, beyond its plan. */
export interface RunFacts {
  argv: readonly string[];
  /** performance.now() and the wall clock when the run started. */
  started: number;
  startedAt: string;
  /** The files written (none without an output directory). */
  files: readonly string[];
}

/**
 * The record of a run or sweep once its summary is made (meta.json): its seconds, memory and CPU
 * are read again once the other files are written (`restampMeta`).
 */
export function experimentMeta(plan: ExperimentPlan, executed: Executed, facts: RunFacts): Meta {
  // From the last replication written: the describe jobs, then the ratios and the bootstrap.
  const summarySeconds = (performance.now() - executed.replicationsDoneAt) / 1000;
  const { scenario, varies, points, range, reused } = plan;
  return {
    orchsim: version(),
    command: plan.command,
    argv: [...facts.argv],
    scenarioName: scenario.name,
    scenarioHash: scenarioHash(scenario),
    scenario,
    seed: plan.seed,
    runs: plan.runs,
    grid: varies.map((v) => ({ path: v.path, column: v.column, values: v.values })),
    points: points.map((p) => ({
      point: p.index,
      values: Object.fromEntries(varies.map((v, i) => [v.column, p.values[i]])),
      regimes: plan.regimes[p.index]!,
      fanout: p.scenario.fanout,
      scenarioHash: varies.length ? scenarioHash(p.scenario) : scenarioHash(scenario),
    })),
    tiers: [...plan.tiers],
    units: plan.units,
    shard: { ...plan.shard, start: range.start, end: range.end },
    workers: executed.threads + 1,
    changes: plan.sinkInit.changes,
    files: [...facts.files],
    node: process.version,
    startedAt: facts.startedAt,
    seconds: secondsSince(facts.started),
    maxRssMb: maxRssMb(),
    timing: {
      simulateSeconds: Math.round(executed.replicationsDoneAt - facts.started) / 1000,
      summarySeconds: Math.round(summarySeconds * 1000) / 1000,
      cpuSeconds: cpuSeconds(),
    },
    ...(reused ? { resumed: { chunks: reused.chunks, replications: reused.units } } : {}),
  };
}

/** Reads a record's clock, memory and CPU again (meta.json's cover writing the other files). */
export function restampMeta(meta: Meta, started: number): void {
  meta.seconds = secondsSince(started);
  meta.maxRssMb = maxRssMb();
  if (meta.timing) meta.timing.cpuSeconds = cpuSeconds();
}
