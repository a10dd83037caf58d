/**
 * meta.json: the record of a run (what was run, on what, by which version, how long it took),
 * and the hashes and labels it is made of. Merge checks shards against each other with it.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/index.js';
import { showValue } from '../experiment/index.js';

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
