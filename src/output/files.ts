/**
 * Output directories that appear whole or not at all: every file is written into a temporary
 * directory beside the target (`.tmp-<name>-<pid>`), which is renamed into place at the end.
 * An existing target is replaced only with --force, and only if it is empty or an orchsim output
 * (it holds a meta.json): `--out . --force` must never delete a working tree.
 */
import { UsageError } from '../errors/index.js';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'no such directory';
    default:
      return e.message ?? String(err);
  }
}

/** Is the process `pid` alive? (EPERM: alive, under another user.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The leftovers of runs into `target` that were killed outright (SIGKILL, a power cut): their
 * `.tmp-<name>-<pid>` directories, whose pid is no longer alive, are removed; a
 * `.tmp-old-<name>-<pid>` (a previous output moved aside during a commit that never finished) is
 * moved back into place when the target is missing, removed otherwise. Returns one line per
 * leftover, for stderr.
 */
export function cleanStaleTemps(target: string): string[] {
  const abs = resolve(target);
  const parent = dirname(abs);
  const name = basename(abs);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.tmp-(old-)?${escaped}-(\\d+)$`);
  const notes: string[] = [];
  for (const entry of entries) {
    const m = pattern.exec(entry);
    if (!m || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    const path = join(parent, entry);
    if (m[1] && !existsSync(abs)) {
      renameSync(path, abs);
      notes.push(`restored ${target} from ${entry} (a run killed while replacing it)`);
    } else {
      rmSync(path, { recursive: true, force: true });
      notes.push(`removed ${join(dirname(target), entry)}, left by a run (pid ${m[2]}) that was killed`);
    }
  }
  return notes;
}

/** Check that `target` may be written (before any work starts). Throws UsageError. */
export function checkOutputTarget(target: string, force: boolean, flag = '--out'): void {
  const abs = resolve(target);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (!st.isDirectory()) throw new UsageError(`${flag} ${target}: exists and is a file; choose a directory name`, 'out');
    if (!force) throw new UsageError(`${flag} ${target}: already exists; pass --force to replace it, or choose another ${flag}`, 'out');
    const entries = readdirSync(abs);
    if (entries.length > 0 && !entries.includes('meta.json'))
      throw new UsageError(
        `${flag} ${target}: refusing to replace a directory that is not an orchsim output (it has no meta.json); choose another ${flag}`,
        'out',
      );
  }
}

/**
 * Files in one directory appended to piece by piece, each kept open until closeAll. `flag`: how a
 * file is opened on its first append ('w' truncates it, 'a' goes on from its end).
 */
export class AppendedFiles {
  private readonly fds = new Map<string, number>();

  constructor(
    readonly base: string,
    private readonly flag: 'w' | 'a' = 'w',
  ) {}

  path(name: string): string {
    return join(this.base, name);
  }

  /** Append text (an empty text still creates the file). */
  append(name: string, text: string | Uint8Array): void {
    let fd = this.fds.get(name);
    if (fd === undefined) {
      fd = openSync(this.path(name), this.flag);
      this.fds.set(name, fd);
    }
    if (text.length === 0) return;
    if (typeof text === 'string') writeSync(fd, text);
    else writeSync(fd, text);
  }

  closeAll(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/** Remove `from` and its parents up to `root` (inclusive) while they are empty: directories a run made and left nothing in. */
export function removeEmptyDirs(from: string, root: string): void {
  const top = resolve(root);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (relative(top, dir).startsWith('..')) return;
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (a resume journal, another run's files) or gone
    }
    if (dir === top) return;
  }
}

export class OutputDir {
  readonly tempPath: string;
  private readonly files: AppendedFiles;
  private createdRoot: string | undefined;
  private done = false;

  private constructor(
    readonly target: string,
    tempPath: string,
    createdRoot: string | undefined,
  ) {
    this.tempPath = tempPath;
    this.createdRoot = createdRoot;
    this.files = new AppendedFiles(tempPath);
  }

  /** Check the target and create the temporary directory beside it. Throws UsageError. */
  static create(target: string, force: boolean, flag = '--out'): OutputDir {
    for (const note of cleanStaleTemps(target)) process.stderr.write(`orchsim: ${note}\n`);
    checkOutputTarget(target, force, flag);
    const abs = resolve(target);
    const parent = dirname(abs);
    let createdRoot: string | undefined;
    try {
      createdRoot = mkdirSync(parent, { recursive: true });
    } catch (err) {
      throw new UsageError(`${flag} ${target}: cannot create ${parent}: ${describeFsError(err)}`, 'out');
    }
    const temp = join(parent, `.tmp-${basename(abs)}-${process.pid}`);
    try {
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp);
      // A write probe: some file systems let mkdir through but refuse files.
      writeFileSync(join(temp, '.probe'), '');
      rmSync(join(temp, '.probe'));
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      if (createdRoot) rmSync(createdRoot, { recursive: true, force: true });
      throw new UsageError(`${flag} ${target}: cannot write in ${parent}: ${describeFsError(err)}`, 'out');
    }
    return new OutputDir(abs, temp, createdRoot);
  }

  path(name: string): string {
    return join(this.tempPath, name);
  }

  writeFile(name: string, text: string): void {
    writeFileSync(this.path(name), text);
  }

  /** Append text to a file kept open until commit. */
  append(name: string, text: string | Uint8Array): void {
    this.files.append(name, text);
  }

  private closeAll(): void {
    this.files.closeAll();
  }

  /** Move the finished directory into place (replacing an old one). */
  commit(): void {
    this.closeAll();
    const old = join(dirname(this.target), `.tmp-old-${basename(this.target)}-${process.pid}`);
    let moved = false;
    if (existsSync(this.target)) {
      renameSync(this.target, old);
      moved = true;
    }
    try {
      renameSync(this.tempPath, this.target);
    } catch (err) {
      if (moved) renameSync(old, this.target);
      throw err;
    }
    if (moved) rmSync(old, { recursive: true, force: true });
    this.done = true;
  }

  /**
   * Remove everything this run created: its temporary directory, and the parent directories it
   * made if nothing else is in them (a resume journal beside the target keeps them). Safe to call
   * more than once.
   */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.closeAll();
    } catch {
      /* already closed */
    }
    rmSync(this.tempPath, { recursive: true, force: true });
    if (this.createdRoot) removeEmptyDirs(dirname(this.tempPath), this.createdRoot);
  }
}

/**
 * Write one file atomically (temporary file beside it, then rename). Without force, an existing
 * file is an error.
 */
export function writeFileAtomic(target: string, text: string, force: boolean, flag = '--out'): void {
  const abs = resolve(target);
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw new UsageError(`${flag} ${target}: is a directory; give a file name`, 'out');
    if (!force) throw new UsageError(`${flag} ${target}: already exists; pass --force to overwrite it`, 'out');
  }
  const temp = join(dirname(abs), `.tmp-${basename(abs)}-${process.pid}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, abs);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new UsageError(`${flag} ${target}: cannot write: ${describeFsError(err)}`, 'out');
  }
}
