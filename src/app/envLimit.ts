/**
 * The limits a user may raise in the environment (ORCHSIM_MAX_CHANGE_RUNS, ORCHSIM_MAX_FIT_VALUES,
 * ORCHSIM_MAX_SCENARIO_BYTES): one reading and one message for all of them.
 */
import { UsageError } from '../errors/index.js';

/**
 * A whole-number limit someone may raise in the environment: `name` if set, else `fallback`; a
 * UsageError naming the variable when it is not a whole number of at least 1.
 */
export function limitFromEnv(name: string, fallback: number, unit: string, env: NodeJS.ProcessEnv = process.env, defaults = `the default is ${fallback}`): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name}=${text}: must be a whole number of ${unit} (${defaults})`, name);
  return n;
}
