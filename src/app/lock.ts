/**
 * One writer per output (issue 25): a run, a sweep or a merge into `--out DIR` first creates
 * `DIR.lock` with an exclusive create (O_EXCL: of two processes, exactly one succeeds), holding
 * the owner's pid and host, and keeps it until its output is in place and its journal removed (or
 * kept, on a signal). Nothing touches DIR, its temporary directory or its journal
 * (`DIR.partial`) before the lock is held, so two runs or two resumes into one place cannot
 * interleave: the second exits 2 naming the owner.
 *
 * A lock left by a process that died without releasing it (SIGKILL, a power cut) is taken over
 * with a note: it is renamed aside (atomic: of two processes taking over, one rename succeeds),
 * then the exclusive create is tried again. A lock of another host cannot be checked and is
 * refused with the way to remove it; a file of that name that orchsim did not write is left alone.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import { describeFsError, processAlive, removeEmptyDirs } from '../output/index.js';

const LOCK_TAG = 'orchsim output lock';

interface LockOwner {
  lock: string;
  pid: number;
  host: string;
}

/** The lock file of an output directory: `<out>.lock` beside it. */
export function lockPath(target: string): string {
  return `${resolve(target)}.lock`;
}

/** The owner a lock file names; null when the file is not an orchsim lock (or is gone, or half-written). */
function readOwner(file: string): LockOwner | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (owner.lock === LOCK_TAG && Number.isInteger(owner.pid) && typeof owner.host === 'string') return owner as LockOwner;
  } catch {
    /* not ours */
  }
  return null;
}

/**
 * Creates `file` with `text` or throws EEXIST: written beside it, then hard-linked into place, so
 * that a reader never sees it empty (an exclusive create, then a write, where links are refused).
 */
function createWhole(file: string, text: string): void {
  const temp = `${file}.new-${process.pid}`;
  writeFileSync(temp, text);
  try {
    linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT' || code === 'EACCES') throw err;
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

export class OutputLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly file: string,
    /** The note to print when a dead owner's lock was taken over. */
    readonly note: string | undefined,
    /** The first folder made for the lock (the output's parents), removed on release if left empty. */
    private readonly createdRoot: string | undefined,
  ) {
    // process.exit (the signal handlers) runs 'exit' listeners: the lock goes with the process.
    process.on('exit', this.onExit);
  }

  /**
   * Takes the lock of `target` (as the user named it, for messages) or throws UsageError naming
   * its owner. `flag` names the option in messages.
   */
  static acquire(target: string, flag = '--out'): OutputLock {
    const file = lockPath(target);
    const shown = `${target}.lock`;
    let createdRoot: string | undefined;
    try {
      createdRoot = mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw new UsageError(`${flag} ${target}: cannot create ${dirname(file)}: ${describeFsError(err)}`, 'out');
    }
    let note: string | undefined;
    // Rounds: after a dead owner's lock is taken over, or released under our feet, the create is tried again.
    for (let round = 0; round < 3; round++) {
      try {
        createWhole(file, `${JSON.stringify({ lock: LOCK_TAG, pid: process.pid, host: hostname() })}\n`);
        return new OutputLock(file, note, createdRoot);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') throw new UsageError(`${flag} ${target}: cannot create its lock ${shown}: ${describeFsError(err)}`, 'out');
        const owner = readOwner(file);
        if (owner === 'gone') continue; // released between the create and the read: try again
        if (owner === null)
          throw new UsageError(
            `${flag} ${target}: ${shown} exists and is not an orchsim lock (or is being written); orchsim keeps that name for its lock: move it away, or choose another ${flag}`,
            'out',
          );
        if (owner.host !== hostname())
          throw new UsageError(
            `${flag} ${target}: another orchsim process (pid ${owner.pid} on host ${owner.host}) is writing it (its lock is ${shown}); wait for it, or choose another ${flag} ` +
              `(if that process is gone, delete ${shown})`,
            'out',
          );
        if (owner.pid === process.pid || processAlive(owner.pid))
          throw new UsageError(
            `${flag} ${target}: another orchsim process (pid ${owner.pid}) is writing it (its lock is ${shown}); wait for it or stop it, or choose another ${flag} ` +
              `(if pid ${owner.pid} is not orchsim, delete ${shown})`,
            'out',
          );
        // A dead owner: its lock renamed aside, atomically, so that only one taker removes it.
        const aside = `${file}.dead-${process.pid}`;
        try {
          renameSync(file, aside);
        } catch {
          continue; // another process took it over first: the next round names it
        }
        const moved = readOwner(aside);
        if (moved !== 'gone' && moved !== null && moved.pid !== owner.pid) {
          // The lock renamed was a live taker's, created since the read: put it back.
          try {
            renameSync(aside, file);
          } catch {
            /* leave it: the next round refuses */
          }
          continue;
        }
        rmSync(aside, { force: true });
        note = `took over ${shown}, left by orchsim pid ${owner.pid}, which is no longer running`;
        continue;
      }
    }
    const owner = readOwner(file);
    const who = owner && owner !== 'gone' ? `pid ${owner.pid}` : 'another process';
    throw new UsageError(`${flag} ${target}: ${who} took its lock ${shown} at the same moment; wait for it, or choose another ${flag}`, 'out');
  }

  /** The output is in place (or the run stopped): the lock goes. Safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    // Only our own lock: a file replaced by hand since is left alone.
    const owner = readOwner(this.file);
    if (owner !== 'gone' && owner !== null && owner.pid === process.pid && owner.host === hostname()) rmSync(this.file, { force: true });
    if (this.createdRoot) removeEmptyDirs(dirname(this.file), this.createdRoot);
  }
}
