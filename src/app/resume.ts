/**
 * Resuming an interrupted run or sweep (`--resume`, issue 16).
 *
 * Every run with an output directory keeps a journal beside it while it runs, `<out>.partial/`:
 * the stream files (runs.csv, changes.csv) are appended there rather than in the temporary
 * directory, and after each task of replications (a chunk: tasks are delivered in canonical
 * order) a line of `journal.jsonl` records how many of the shard's units are done and the length
 * of each stream file then. The finished units are therefore always a prefix of the shard's
 * canonical order, and a stream file's first `bytes` bytes are exactly what an uninterrupted run
 * writes first. The journal's first line is the run's key (everything the stream files and the
 * summary depend on: version, command, scenario, points, seed, runs, grid, shard, changes.csv);
 * `pid` names the process writing it.
 *
 * An interrupt (SIGINT, SIGTERM, SIGHUP) removes the temporary directory as before and keeps the
 * journal; SIGKILL leaves both (the temporary one is removed by the next run). `--resume` checks
 * the key against the command (a difference is a UsageError naming it), cuts the stream files
 * back to the last checkpoint they hold whole (bytes written after it, by a run killed between
 * writing a chunk and journaling it, are dropped), reads the summary's values of the finished
 * units back from `values.f64` (the values each chunk gave the summary, as they were), and runs
 * the rest (the journal's writing is ./runJournal.ts). Once the stream files are complete they are linked
 * (or moved) into the temporary directory, the other files are written, the directory is moved
 * into place and only then is the journal removed, so a run killed at any moment can be resumed.
 *
 * A run without --resume removes a stale journal (with a note) and starts afresh; `--resume`
 * without a journal starts from the beginning, with a note. Only a folder whose journal.jsonl
 * begins with a journal header is ever removed or resumed: anything else of that name is the
 * user's, left alone (exit 2). A new journal is written whole in a temporary folder (header and
 * every file a resume opens) and renamed into place, so it is valid from its first instant. The
 * run holds its output's lock (./lock.ts) the whole time: one writer per journal.
 */
import { closeSync, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import { processAlive } from '../output/index.js';
import { canonicalJson } from './meta.js';

export const JOURNAL_FILE = 'journal.jsonl';
export const JOURNAL_OWNER_FILE = 'pid';
/**
 * The summary's values of each journaled chunk as it came from the sink (Float64, this machine's
 * byte order; replication-major, then regime, then metric: ../app/collect.ts), so that a resumed
 * run reads them back in a copy rather than parsing runs.csv again.
 */
export const JOURNAL_VALUES_FILE = 'values.f64';
/**
 * The exact sums of each journaled chunk: per chunk its point, slot count, review-series length
 * and replications (four Float64), then distributions.csv's totals (BigInt64) and counts
 * (Float64), then review_queue.csv's sums (Float64, integers), so that a resumed run's sums equal
 * an uninterrupted run's (they are exact, so chunk order does not matter).
 */
export const JOURNAL_SUMS_FILE = 'sums.bin';
/** The version of journal.jsonl's header line. */
export const JOURNAL_FORMAT = 2;

/** The files a journal cuts back to a checkpoint: the stream files and the summary's values. */
export const journaledFiles = (key: JournalKey): string[] => [...key.streams, JOURNAL_VALUES_FILE, JOURNAL_SUMS_FILE];

/** What a journal must match to be resumed: everything the stream files' bytes and the summary depend on. */
export interface JournalKey {
  orchsim: string;
  command: string;
  scenarioHash: string;
  /** The SHA-256 of the sweep points' scenarios, in order. */
  pointsHash: string;
  grid: { path: string; column: string; values: unknown[] }[];
  seed: number | string;
  runs: number;
  shard: { index: number; count: number };
  changes: boolean;
  /** The stream files, in the list's order. */
  streams: string[];
}

/** A checkpoint: after `chunks` tasks, `units` of the shard's units are done and each stream file is `bytes` long. */
export interface Checkpoint {
  chunks: number;
  units: number;
  bytes: Record<string, number>;
}

/** The hash of a list of scenario hashes (a journal keeps one line per run, whatever the grid's size). */
export function pointsHash(hashes: readonly string[]): string {
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}

const short = (hash: unknown) => `${String(hash).slice(0, 12)}...`;

/** `3 chunks (6,000 replications)`: what a journal holds, for messages. */
export function describeJournaled(progress: { chunks: number; units: number }): string {
  return `${progress.chunks} chunk${progress.chunks === 1 ? '' : 's'} (${progress.units.toLocaleString('en-US')} replications)`;
}

/** The key's fields in the order a difference is named, with what the user changes to cause it. */
const KEY_FIELDS: readonly { field: keyof JournalKey; label: string; show?: (v: unknown) => string }[] = [
  { field: 'orchsim', label: 'orchsim version' },
  { field: 'command', label: 'command' },
  { field: 'scenarioHash', label: 'scenario (a scenario file, a preset or a --set changed; SHA-256)', show: short },
  { field: 'grid', label: 'sweep grid (--vary)' },
  { field: 'pointsHash', label: "sweep points' scenarios (SHA-256)", show: short },
  { field: 'seed', label: 'seed (--seed)' },
  { field: 'runs', label: 'replications (--runs)' },
  { field: 'shard', label: 'shard (--shard)', show: (v) => `${(v as JournalKey['shard']).index}/${(v as JournalKey['shard']).count}` },
  { field: 'changes', label: 'changes.csv setting (--changes / --no-changes)' },
  { field: 'streams', label: 'stream files' },
];

/** The journal directory of an output directory: `<out>.partial` beside it. */
export function journalPath(target: string): string {
  return `${resolve(target)}.partial`;
}

/** What a run does with the journal at its --out, decided before anything is written. */
export type JournalPlan =
  | { kind: 'fresh'; target: string; stale: boolean; note?: string }
  | { kind: 'resume'; target: string; checkpoint: Checkpoint; journalBytes: number };

interface JournalText {
  key: JournalKey;
  /** Each checkpoint with the byte offset just after its line. */
  checkpoints: { checkpoint: Checkpoint; end: number }[];
}

/** Parses journal.jsonl: the key line, then checkpoints; an incomplete last line (a run killed while writing it) is ignored. */
function readJournal(file: string, shown: string): JournalText | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const damaged = (why: string) =>
    new UsageError(`--resume: ${shown} is damaged (${why}); run without --resume to start afresh (the journal is then removed)`, 'resume');
  let pos = 0;
  let key: JournalKey | null = null;
  const checkpoints: JournalText['checkpoints'] = [];
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // the line being written when the run was killed
    const line = text.slice(pos, nl);
    let parsed: { format?: number; key?: JournalKey; chunk?: number; units?: number; bytes?: Record<string, number> };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      throw damaged(`line ${checkpoints.length + (key ? 2 : 1)} is not JSON`);
    }
    pos = nl + 1;
    if (!key) {
      if (parsed.format !== JOURNAL_FORMAT || !parsed.key) throw damaged(`its first line is not a journal header of format ${JOURNAL_FORMAT}`);
      key = parsed.key;
      continue;
    }
    if (typeof parsed.chunk !== 'number' || typeof parsed.units !== 'number' || !parsed.bytes) throw damaged(`line ${checkpoints.length + 2} is not a checkpoint`);
    checkpoints.push({ checkpoint: { chunks: parsed.chunk, units: parsed.units, bytes: parsed.bytes }, end: pos });
  }
  return key ? { key, checkpoints } : null;
}

/** Does `file` begin with a journal header line of this format (the mark of a journal orchsim wrote)? */
function hasJournalHeader(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    // The header is one line of a few kilobytes (a grid's values at most some more): read up to its end.
    const buffer = Buffer.alloc(1 << 20);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const nl = buffer.subarray(0, n).indexOf(10);
    if (nl < 0) return false;
    const parsed = JSON.parse(buffer.subarray(0, nl).toString('utf8')) as { format?: unknown; key?: { orchsim?: unknown } };
    return parsed.format === JOURNAL_FORMAT && typeof parsed.key?.orchsim === 'string';
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function ownerPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(`${dir}/${JOURNAL_OWNER_FILE}`, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The first field in which two keys differ, as a sentence's middle. */
function keyDifference(journaled: JournalKey, asked: JournalKey): string | null {
  for (const { field, label, show } of KEY_FIELDS) {
    const a = canonicalJson(journaled[field]);
    const b = canonicalJson(asked[field]);
    if (a !== b) {
      const text = show ?? ((v: unknown) => (typeof v === 'string' ? v : canonicalJson(v)));
      return `was journaled for ${label} ${text(journaled[field])}, but this command has ${text(asked[field])}`;
    }
  }
  return null;
}

/**
 * Reads the journal at `target` (if any) and decides: start afresh, or resume from its last
 * whole checkpoint. Writes nothing. Throws UsageError when the journal is another live run's, or,
 * with `resume`, when it was journaled for another command or is damaged.
 */
export function inspectJournal(target: string, key: JournalKey, resume: boolean): JournalPlan {
  const dir = journalPath(target);
  const shown = `${target}.partial`;
  let entry;
  try {
    entry = lstatSync(dir);
  } catch {
    return { kind: 'fresh', target, stale: false, note: resume ? `--resume: no journal at ${shown}; starting from the beginning` : undefined };
  }
  // Only a folder orchsim wrote (its first line a journal header) is ever removed or resumed.
  if (!entry.isDirectory() || !hasJournalHeader(`${dir}/${JOURNAL_FILE}`))
    throw new UsageError(
      `--out ${target}: ${shown} exists and is not an orchsim journal (${entry.isDirectory() ? `no ${JOURNAL_FILE} with a journal header` : 'not a folder'}); ` +
        `orchsim keeps that name for the journal of a run into ${target} and leaves yours alone: move or rename it, or choose another --out`,
      'out',
    );
  const pid = ownerPid(dir);
  if (pid !== null && pid !== process.pid && processAlive(pid))
    throw new UsageError(
      `--out ${target}: another orchsim process (pid ${pid}) is writing it (its journal is ${shown}); wait for it or stop it, or choose another --out ` +
        `(if pid ${pid} is not orchsim, delete ${shown}/${JOURNAL_OWNER_FILE})`,
      'out',
    );
  if (!resume) {
    let last: Checkpoint | undefined;
    try {
      last = readJournal(`${dir}/${JOURNAL_FILE}`, shown)?.checkpoints.at(-1)?.checkpoint;
    } catch {
      /* a damaged journal of ours: removed all the same */
    }
    const what = last ? describeJournaled(last) : 'nothing finished';
    return { kind: 'fresh', target, stale: true, note: `removed ${shown}, the journal of an interrupted run: ${what}; add --resume to the same command to continue one instead` };
  }
  const journal = readJournal(`${dir}/${JOURNAL_FILE}`, shown);
  if (!journal) return { kind: 'fresh', target, stale: true, note: `--resume: ${shown} holds no checkpoint yet; starting from the beginning` };
  const difference = keyDifference(journal.key, key);
  if (difference)
    throw new UsageError(
      `--resume: ${shown} ${difference}; give the interrupted command exactly, plus --resume, or run without --resume to start afresh (the journal is then removed)`,
      'resume',
    );
  // The last checkpoint every stream file holds whole (a file may be longer: a chunk written but not yet journaled).
  const files = journaledFiles(key);
  const sizes = Object.fromEntries(files.map((name) => [name, fileSize(`${dir}/${name}`)]));
  for (let i = journal.checkpoints.length - 1; i >= 0; i--) {
    const { checkpoint, end } = journal.checkpoints[i]!;
    if (files.every((name) => (checkpoint.bytes[name] ?? Number.POSITIVE_INFINITY) <= sizes[name]!))
      return { kind: 'resume', target, checkpoint, journalBytes: end };
  }
  return { kind: 'fresh', target, stale: true, note: `--resume: ${shown} holds no whole checkpoint; starting from the beginning` };
}
