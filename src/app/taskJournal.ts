/**
 * The journal of a long analysis command (breakeven, sensitivity, and any later command made of
 * independent tasks whose results are numbers), so that it can be stopped and continued with
 * `--resume`, as run and sweep are with theirs (./resume.ts).
 *
 * Such a command is a sequence of tasks (a break-even probe, a design point's replication range),
 * each named by a key that says what it computes and giving a Float64Array that depends on its
 * key, the command's key, and nothing else. While it runs, `<out>.partial/` holds `values.f64` (the
 * results, appended as they come) and `journal.jsonl` (its first line the command's key, then one
 * line per task: its name, where its values start and how many there are); `pid` names the
 * process writing it. A task is journaled only once its values are on disk, so a journal cut at
 * any instant (a signal, SIGKILL) is read back up to its last whole line. Resumed, every journaled
 * task's values are read back instead of computed, bit for bit, so the output is the bytes of an
 * uninterrupted run; the tasks still run in order, so a resumed run also shows the same progress.
 *
 * The rules are run's: a signal keeps the journal (if it holds a task) and writes nothing else;
 * the next run without --resume removes it with a note; --resume without a journal starts afresh
 * with a note; a journal of another command, scenario, seed, --runs or settings is refused with
 * --resume, naming the first difference; a journal whose process is alive is refused; the journal
 * is removed once the output is in place, or when the command fails.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../model/index.js';
import { processAlive } from '../output/index.js';
import { canonicalJson, scenarioHash } from './meta.js';
import { version } from './paths.js';
import { describeJournaled, journalPath, JOURNAL_FILE, JOURNAL_OWNER_FILE, JOURNAL_VALUES_FILE } from './resume.js';

const TASK_JOURNAL_FORMAT = 'tasks-1';

/** What a task journal must match to be resumed. */
export interface TaskJournalKey {
  orchsim: string;
  command: string;
  scenarioHash: string;
  seed: number | string;
  runs: number;
  /** The command's own settings (parameters, ranges, method, metric, ...). */
  settings: unknown;
}

/** The key of an analysis command. */
export function taskJournalKey(command: string, scenario: Scenario, seed: number | string, runs: number, settings: unknown): TaskJournalKey {
  return { orchsim: version(), command, scenarioHash: scenarioHash(scenario), seed, runs, settings };
}

const KEY_FIELDS: readonly { field: keyof TaskJournalKey; label: string }[] = [
  { field: 'orchsim', label: 'orchsim version' },
  { field: 'command', label: 'command' },
  { field: 'scenarioHash', label: 'scenario (a scenario file, a preset or a --set changed; SHA-256)' },
  { field: 'seed', label: 'seed (--seed)' },
  { field: 'runs', label: 'replications (--runs)' },
  { field: 'settings', label: "the command's settings" },
];

interface Entry {
  offset: number;
  length: number;
  replications: number;
}

/** A journal being written (see the module comment). */
export class TaskJournal {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private replications = 0;
  private recorded = 0;
  private closed = false;
  private readonly listeners: ((recordedHere: number) => void)[] = [];

  private constructor(
    readonly dir: string,
    /** `<out>.partial`, as the user named it. */
    readonly shown: string,
  ) {}

  /**
   * Opens the journal of `out` for `key`: resumed (with `resume` and a journal of the same key),
   * or afresh (a stale journal removed). Notes for stderr go to `note`. Throws UsageError, writing
   * nothing, when the journal is another live process's or, with `resume`, another command's.
   */
  static open(out: string, key: TaskJournalKey, resume: boolean, note: (text: string) => void): TaskJournal {
    const dir = journalPath(out);
    const shown = `${out}.partial`;
    const journal = new TaskJournal(dir, shown);
    if (existsSync(dir)) {
      const pid = Number(readText(`${dir}/${JOURNAL_OWNER_FILE}`).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid))
        throw new UsageError(`--out ${out}: another orchsim process (pid ${pid}) is writing it (its journal is ${shown}); wait for it or stop it, or choose another --out`, 'out');
      const read = journal.read(key, resume);
      if (read === 'resumed') note(`--resume: continuing from ${shown}: ${describeJournaled({ chunks: journal.entries.size, units: journal.replications })} done`);
      else {
        if (read) note(read);
        rmSync(dir, { recursive: true, force: true });
      }
    } else if (resume) note(`--resume: no journal at ${shown}; starting from the beginning`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/${JOURNAL_VALUES_FILE}`, new Uint8Array(0));
      writeFileSync(`${dir}/${JOURNAL_FILE}`, `${JSON.stringify({ format: TASK_JOURNAL_FORMAT, key })}\n`);
    }
    writeFileSync(`${dir}/${JOURNAL_OWNER_FILE}`, `${process.pid}\n`);
    return journal;
  }

  /** Reads an existing journal: 'resumed', or the note of why it is not used (it is then removed). */
  private read(key: TaskJournalKey, resume: boolean): 'resumed' | string {
    const text = readText(`${this.dir}/${JOURNAL_FILE}`);
    const lines = text.split('\n');
    lines.pop(); // the last line is whole only when the text ends in a newline
    let header = null as { format?: string; key?: TaskJournalKey } | null;
    try {
      header = lines.length ? (JSON.parse(lines[0]!) as typeof header) : null;
    } catch {
      header = null;
    }
    if (!resume) {
      const what = header?.format === TASK_JOURNAL_FORMAT ? describeJournaled({ chunks: Math.max(0, lines.length - 1), units: 0 }).replace(/ \(0 replications\)/, '') : 'nothing readable';
      return `removed ${this.shown}, the journal of an interrupted ${header?.key?.command ?? 'command'}: ${what}; add --resume to the same command to continue one instead`;
    }
    if (!header || header.format !== TASK_JOURNAL_FORMAT || !header.key)
      throw new UsageError(`--resume: ${this.shown} is not the journal of this command (it is another command's, or damaged); run without --resume to start afresh (the journal is then removed)`, 'resume');
    for (const { field, label } of KEY_FIELDS) {
      const a = canonicalJson(header.key[field]);
      const b = canonicalJson(key[field]);
      if (a !== b)
        throw new UsageError(
          `--resume: ${this.shown} was journaled for ${label} ${a.slice(0, 120)}, but this command has ${b.slice(0, 120)}; give the interrupted command exactly, plus --resume, or run without --resume to start afresh (the journal is then removed)`,
          'resume',
        );
    }
    const size = fileSize(`${this.dir}/${JOURNAL_VALUES_FILE}`);
    let kept = lines.length;
    for (let i = 1; i < lines.length; i++) {
      let line: { task?: string; offset?: number; length?: number; replications?: number };
      try {
        line = JSON.parse(lines[i]!) as typeof line;
      } catch {
        kept = i;
        break;
      }
      const { task, offset, length, replications } = line;
      if (typeof task !== 'string' || typeof offset !== 'number' || typeof length !== 'number' || offset + 8 * length > size) {
        kept = i;
        break;
      }
      this.entries.set(task, { offset, length, replications: replications ?? 0 });
      this.bytes = offset + 8 * length;
      this.replications += replications ?? 0;
    }
    // Cut back what a killed run left past its last whole line, so that appends start there.
    if (kept < lines.length || size > this.bytes) {
      writeFileSync(`${this.dir}/${JOURNAL_FILE}`, `${lines.slice(0, kept).join('\n')}\n`);
      truncateSync(`${this.dir}/${JOURNAL_VALUES_FILE}`, this.bytes);
    }
    return 'resumed';
  }

  /** The values of a journaled task, read back bit for bit; undefined when it is not journaled. */
  get(task: string): Float64Array | undefined {
    const entry = this.entries.get(task);
    if (!entry) return undefined;
    const buffer = Buffer.alloc(entry.length * 8);
    const fd = openSync(`${this.dir}/${JOURNAL_VALUES_FILE}`, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, entry.offset);
    } finally {
      closeSync(fd);
    }
    return new Float64Array(buffer.buffer, buffer.byteOffset, entry.length).slice();
  }

  /** Journals a task's values (first the values, then the line that names them). */
  record(task: string, values: Float64Array, replications: number): void {
    if (this.closed || this.entries.has(task)) return;
    appendFileSync(`${this.dir}/${JOURNAL_VALUES_FILE}`, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    const entry = { offset: this.bytes, length: values.length, replications };
    appendFileSync(`${this.dir}/${JOURNAL_FILE}`, `${JSON.stringify({ task, ...entry })}\n`);
    this.entries.set(task, entry);
    this.bytes += values.byteLength;
    this.replications += replications;
    this.recorded++;
    for (const listener of this.listeners) listener(this.recorded);
  }

  /** Calls `listener` after each task this process journals, with how many it has (the CLI's test hook). */
  onRecord(listener: (recordedHere: number) => void): void {
    this.listeners.push(listener);
  }

  /** On a signal: what the journal holds (it is kept), or null when it holds nothing (it is removed). */
  interrupted(): { chunks: number; units: number } | null {
    if (this.closed) return null;
    this.closed = true;
    if (this.entries.size === 0) {
      rmSync(this.dir, { recursive: true, force: true });
      return null;
    }
    return { chunks: this.entries.size, units: this.replications };
  }

  /** Tasks journaled by this process (not read back). */
  get recordedHere(): number {
    return this.recorded;
  }

  /** Once the output is in place, or the command failed: the journal goes. */
  remove(): void {
    this.closed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** How a long command treats its journal: --resume, where its notes go, who is told of it (the signal handler). */
export interface JournalOptions {
  resume?: boolean;
  onNote?: (text: string) => void;
  onJournal?: (journal: TaskJournal | null) => void;
}

/**
 * Runs `body` with the journal of `out` (none without `out`): opened for `key` (resumed or afresh),
 * handed to `onJournal` while it lasts, removed once `body` has put the output in place or has
 * failed. On a signal the process exits inside `body`: the handler keeps the journal.
 */
export async function withTaskJournal<T>(out: string | null | undefined, key: TaskJournalKey, options: JournalOptions, body: (journal: TaskJournal | null) => Promise<T>): Promise<T> {
  const journal = out ? TaskJournal.open(out, key, options.resume ?? false, options.onNote ?? (() => {})) : null;
  options.onJournal?.(journal);
  try {
    return await body(journal);
  } finally {
    journal?.remove();
    options.onJournal?.(null);
  }
}
