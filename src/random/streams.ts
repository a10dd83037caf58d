/**
 * Random streams: named, seeded, independent sources of uniforms.
 *
 * This module knows nothing of agents or of the simulation kernel. It only
 * answers one question: "give me the uniforms for (seed, path...)".
 *
 * ## How a substream is derived
 *
 * Every stream is identified by a *key string*
 *
 *     orchsim:v1:<seed>/<path[0]>/<path[1]>/...
 *
 * (see {@link streamKey}), for example `orchsim:v1:42/rep/17/tokens`. The key is
 * passed as the seed of an Alea generator (`seedrandom.alea(key)`), which
 * hashes the string with Johannes Baagøe's Mash function to initialise its
 * three lag registers. Nothing else enters the state: a substream depends only
 * on (seed, replication, purpose, ...) and never on how many numbers were drawn
 * from any other stream, in what order, or by which worker. That gives
 *
 * - common random numbers across regimes and sweep points: two regimes that
 *   ask for `(seed, 'rep', r, 'taskSize')` get the very same uniforms, so their
 *   difference is not drowned in sampling noise;
 * - reproducibility across workers and shards: replication r computes the same
 *   numbers whether it runs first on one core or last on another;
 * - stability under code changes: adding a new purpose elsewhere does not shift
 *   the numbers of existing purposes.
 *
 * The `v1` tag is part of the key so that a future change of the derivation
 * (or of the generator) can be made without silently reusing old sequences.
 *
 * ## Cost
 *
 * Measured on a shared 2-core box: creating an Alea stream costs ~1-2 µs (the
 * key is hashed three times), one draw ~7 ns. Create streams per
 * (replication, change, purpose) — or fill a table of uniforms once with
 * {@link fillUniforms} — never per draw.
 *
 * ## Resolution
 *
 * An Alea draw is a multiple of 2^-32 in [0, 1) (it can be exactly 0, never 1).
 * Inversion therefore never reaches probabilities below ~2.3e-10 in either
 * tail (|z| <= 6.23 for a normal), which is far beyond what a Monte Carlo
 * estimate of means and p90s can resolve.
 */
import seedrandom from 'seedrandom';

/** A source of uniforms in [0, 1). Distributions take one as an argument; nothing is global. */
export type Uniform = () => number;

/** One element of a stream path: a purpose name or an index (replication, change, agent...). */
export type StreamPathElement = string | number;

/** Version tag of the derivation below. Change it only together with a changelog entry. */
export const STREAM_KEY_PREFIX = 'orchsim:v1';

/** `what` is built only when there is something to report: keys are made per change. */
function checkElement(value: unknown, what: () => string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${what()}: must be a finite number or a string (got ${String(value)})`);
    }
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.length === 0) throw new RangeError(`${what()}: must not be empty`);
    if (value.includes('/')) {
      throw new RangeError(
        `${what()}: must not contain '/' (got '${value}'); pass the parts as separate path elements`,
      );
    }
    return value;
  }
  throw new TypeError(`${what()}: must be a string or a number (got ${typeof value})`);
}

export function streamKey(seed: number | string, ...path: StreamPathElement[]): string {
  let key = `${STREAM_KEY_PREFIX}:${checkElement(seed, () => 'streamKey seed')}/`;
  for (let i = 0; i < path.length; i++) key += (i ? '/' : '') + checkElement(path[i], () => `streamKey path[${i}]`);
  return key;
}

/**
 * A fresh uniform stream for `(seed, ...path)`: `seedrandom.alea(streamKey(seed, ...path))`.
 *
 * Same arguments, same sequence — on any machine, in any order, in any worker.
 * Create one per (replication, change, purpose) and draw many numbers from it
 * (creation ~1-2 µs, a draw ~7 ns).
 */
export function createStream(seed: number | string, ...path: StreamPathElement[]): Uniform {
  return seedrandom.alea(streamKey(seed, ...path));
}

/**
 * Fills `out[offset .. offset + count)` with uniforms drawn in order from `source`
 * and returns `out`. Pre-drawn tables of uniforms let the model invert
 * distributions (`dist.quantile(u)`) while keeping each purpose's draws aligned
 * across regimes.
 */
export function fillUniforms(
  source: Uniform,
  out: Float64Array,
  offset = 0,
  count: number = out.length - offset,
): Float64Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > out.length) {
    throw new RangeError(`fillUniforms offset: must be an integer in [0, ${out.length}] (got ${offset})`);
  }
  if (!Number.isInteger(count) || count < 0 || offset + count > out.length) {
    throw new RangeError(
      `fillUniforms count: must be an integer in [0, ${out.length - offset}] (got ${count})`,
    );
  }
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = source();
  return out;
}
