/** Which command lines start worker threads before the CLI has loaded (src/cli/prestart.ts). */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { threadsWanted } from '../../src/cli/prestart.js';

describe('threadsWanted', () => {
  it('run and sweep want workers - 1 threads, the machine\'s cores by default', () => {
    expect(threadsWanted(['run'])).toBe(Math.min(availableParallelism() - 1, 16));
    expect(threadsWanted(['run', '-n', '1000', '-w', '4'])).toBe(3);
    expect(threadsWanted(['sweep', '--vary', 'fanout=1,2', '--workers', '3'])).toBe(2);
    expect(threadsWanted(['run', '--workers=2', 'configs/default.yaml'])).toBe(1);
    expect(threadsWanted(['run', '-w', 'auto'])).toBe(Math.min(availableParallelism() - 1, 16));
    expect(threadsWanted(['run', '-w', '1'])).toBe(0);
    expect(threadsWanted(['run', '-w', '1000'])).toBe(16);
  });

  it('other commands, help and a bad worker count want none (commander reports the error)', () => {
    for (const argv of [[], ['validate', 'x.yaml'], ['trace'], ['merge', 'a', '-o', 'b'], ['run', '--help'], ['run', '-w', 'abc'], ['run', '-w', '0'], ['run', '-w']])
      expect(threadsWanted(argv), argv.join(' ')).toBe(0);
  });
});
