/**
 * Reading a user's input file within a size limit (issue 25): a scenario of a million subtasks,
 * or `/dev/zero`, must be refused with a message, not end in a V8 heap abort. The file is read
 * in pieces up to the limit whatever it is (a regular file, a pipe, a device), so that a file
 * whose size the file system does not know is bounded too.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors/index.js';
import { limitFromEnv } from './envLimit.js';
import { showBytes } from './guards.js';

/**
 * The largest scenario file read, in bytes: the largest allowed explicit graph (500 subtasks,
 * each after every earlier one, long ids) is a few megabytes. ORCHSIM_MAX_SCENARIO_BYTES raises it.
 */
export const MAX_SCENARIO_BYTES = 16_000_000;

/** The scenario size limit in force: ORCHSIM_MAX_SCENARIO_BYTES if set (a whole number of bytes), else MAX_SCENARIO_BYTES. */
export function scenarioByteLimit(env: NodeJS.ProcessEnv = process.env): number {
  return limitFromEnv('ORCHSIM_MAX_SCENARIO_BYTES', MAX_SCENARIO_BYTES, 'bytes', env);
}

/** The text of `file` (UTF-8), or a UsageError naming it and the fix when it holds more than `limit` bytes. */
export function readTextWithin(file: string, shown: string, limit: number): string {
  const fd = openSync(file, 'r');
  try {
    const pieces: Buffer[] = [];
    let total = 0;
    const piece = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit)
        throw new UsageError(
          `scenario ${shown}: larger than ${showBytes(limit)} (${limit.toLocaleString('en-US')} bytes, the limit of a scenario file; a scenario is far smaller); ` +
            'is it the right file? To read it all the same, set ORCHSIM_MAX_SCENARIO_BYTES to its size in bytes',
          'scenario',
        );
      pieces.push(Buffer.from(piece.subarray(0, n)));
    }
    return Buffer.concat(pieces, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
