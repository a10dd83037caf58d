/**
 * Temporary folders for tests, each removed when its test file is done. Registering the removal
 * where the folder is made means no test can forget it (vitest.config's globalSetup checks that
 * none is left).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * Call at the top level of a test file (or of a helper module it imports): returns a maker of
 * fresh folders named `<prefix>XXXXXX`, removed after each test (`after: 'each'`) or after the
 * file's last test (`after: 'all'`, for folders made in beforeAll or shared between tests).
 */
export function scratchDirs(prefix: string, after: 'each' | 'all' = 'each'): () => string {
  const made: string[] = [];
  (after === 'each' ? afterEach : afterAll)(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
}
