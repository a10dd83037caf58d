/**
 * From OpenTelemetry api_request events to output speed and time to first token per tier. An
 * event gives only the request's duration d and output tokens o, and d = ttft + o / speed; a
 * least-squares line d = a + b·o over a tier's events gives the typical ttft (a) and seconds
 * per output token (b). Then each long event (>= 100 output tokens, where generation dominates)
 * yields its own speed o / (d − a), and each short one its own ttft d − b·o (on a long event the
 * call's own speed would swamp it): those are fitted.
 *
 * Auxiliary calls (a `query_source` that is neither the main thread nor a subagent: titling a
 * session, a compaction, a suggestion...) are counted but kept out of the speed fit and of the
 * output per turn, which are about the work. An event without `query_source` (older versions)
 * counts as work.
 */
import { Growable } from '../growable.js';
import type { ApiRequest } from '../read/otel.js';
import { addTokens, emptyTokens, type TokenSums } from './agents.js';

/** Events with fewer output tokens measure time to first token; the others, speed. */
export const SPEED_MIN_OUTPUT_TOKENS = 100;

/**
 * Work calls: the main thread (`repl_main_thread`, `sdk`, any `repl_main_thread:*`) and subagents
 * (`agent*`). Every other source is auxiliary (judgment from Claude Code's own names).
 */
export function isAuxiliaryQuery(querySource: string | undefined): boolean {
  if (querySource === undefined) return false;
  return !(querySource === 'sdk' || querySource.startsWith('repl_main_thread') || querySource.startsWith('agent'));
}

export class OtelTierStats {
  requests = 0;
  /** Requests of auxiliary calls (kept out of the fits). */
  auxiliary = 0;
  /** Output tokens of each work call (final counts): output per turn where the logs hold placeholders. */
  readonly workOutputTokens = new Growable();
  costUsd = 0;
  readonly tokens = emptyTokens();
  readonly durationSeconds = new Growable();
  readonly outputTokens = new Growable();
}

export class OtelStats {
  readonly byTier = new Map<string, OtelTierStats>();
  readonly totals: TokenSums = emptyTokens();

  add(r: ApiRequest, tier: string | undefined): void {
    const key = tier ?? '';
    let s = this.byTier.get(key);
    if (!s) this.byTier.set(key, (s = new OtelTierStats()));
    s.requests++;
    s.costUsd += r.costUsd ?? 0;
    addTokens(s.tokens, r);
    addTokens(this.totals, r);
    if (isAuxiliaryQuery(r.querySource)) {
      s.auxiliary++;
      return;
    }
    if (r.outputTokens > 0) s.workOutputTokens.push(r.outputTokens);
    if (r.durationMs !== undefined && r.durationMs > 0 && r.outputTokens > 0) {
      s.durationSeconds.push(r.durationMs / 1000);
      s.outputTokens.push(r.outputTokens);
    }
  }
}

export interface SpeedSplit {
  /** Intercept: the typical time to first token, seconds. */
  ttftSeconds: number;
  /** Slope: seconds per output token. */
  secondsPerToken: number;
  speeds: Float64Array;
  ttfts: Float64Array;
}

/** The decomposition above, or undefined when the line does not make sense (slope or intercept <= 0). */
export function splitSpeed(durationSeconds: Float64Array, outputTokens: Float64Array): SpeedSplit | undefined {
  const n = durationSeconds.length;
  if (n < 2) return undefined;
  let mo = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    mo += outputTokens[i]! / n;
    md += durationSeconds[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (outputTokens[i]! - mo) * (durationSeconds[i]! - md);
    sxx += (outputTokens[i]! - mo) ** 2;
  }
  const b = sxy / sxx;
  const a = md - b * mo;
  if (!(b > 0 && a > 0)) return undefined;
  const speeds = new Growable();
  const ttfts = new Growable();
  for (let i = 0; i < n; i++) {
    const d = durationSeconds[i]!;
    const o = outputTokens[i]!;
    if (o >= SPEED_MIN_OUTPUT_TOKENS) {
      if (d > a) speeds.push(o / (d - a));
    } else if (d - b * o > 0) ttfts.push(d - b * o);
  }
  return { ttftSeconds: a, secondsPerToken: b, speeds: speeds.values(), ttfts: ttfts.values() };
}
