/** Scratch folders for the calibration tests, removed after each test. */
import { scratchDirs as scratchDirsWithPrefix } from '../support/scratch.js';

/** Call once per test file: returns a maker of fresh folders, all removed after each test. */
export function scratchDirs(): () => string {
  return scratchDirsWithPrefix('orchsim-calibrate-');
}
