/** One scratch directory per test file, made before its tests and removed after them (with the CLI built). */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt, scratch } from '../cli/helpers.js';

/** Returns a getter of the directory (it exists from beforeAll on). */
export function useScratchDir(): () => string {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = scratch();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
