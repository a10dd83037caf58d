/**
 * What one line of a Claude Code transcript says, read field by field: an assistant record's
 * `message.id`, `message.model`, `message.usage` (input_tokens, output_tokens,
 * cache_creation_input_tokens, cache_read_input_tokens), `message.stop_reason`, `requestId` and
 * `timestamp`, as a response's line; and the turn a response becomes. Only these numbers and ids
 * are read. Which lines make one response, and which responses make a session's and its
 * subagents' calls, is ./claudeCode.ts's.
 */

/** Whose call a response is: the session's main thread, a subagent, or a compaction. */
export type Role = 'main' | 'subagent' | 'compaction';

/** A response logged with at most this many output tokens and no stop_reason is a streaming placeholder. */
export const PLACEHOLDER_MAX_OUTPUT_TOKENS = 5;

export interface Turn {
  model: string;
  inputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
  /** First and last line's timestamps (ms since epoch; NaN when absent). */
  startMs: number;
  endMs: number;
  /** Line of the response's first line (orders turns with equal timestamps). */
  line: number;
  /** Some line of the response carried a stop_reason: its output count is final. */
  final: boolean;
  /** A compaction reset the context between the run's previous turn and this one. */
  afterCompaction: boolean;
}

/** Output count never final: a streaming placeholder. */
export const isPlaceholder = (t: Turn) => !t.final && t.outputTokens <= PLACEHOLDER_MAX_OUTPUT_TOKENS;

export interface ModelTokens {
  inputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
}

/** The usage fields read, and whether a record must carry each. */
const TOKEN_FIELDS = [
  ['input_tokens', true],
  ['output_tokens', true],
  ['cache_creation_input_tokens', false],
  ['cache_read_input_tokens', false],
] as const;

/** The four token counts, or the name of the first bad one. */
function usageOf(usage: Record<string, unknown>): number[] | string {
  const out: number[] = [];
  for (const [name, required] of TOKEN_FIELDS) {
    const v = usage[name];
    if (v === undefined && !required) out.push(0);
    else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out.push(v);
    else return name;
  }
  return out;
}

/** `v` when it is a plain object (not an array, not null). */
export const objectOf = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** What one assistant line says of its response. */
export interface ResponseLine extends ModelTokens {
  /** message.id; undefined when absent or empty. */
  id: string | undefined;
  /** The line's requestId ('' when absent): with message.id, the key of one response. */
  requestId: string;
  model: string;
  /** The line carries a stop_reason: its output count is final. */
  final: boolean;
  /** The first of the given timestamps that is a string, in ms since epoch; NaN when none is. */
  timestampMs: number;
}

/**
 * The response a line's `message` and `usage` describe, or the name of its first token count that
 * is not a non-negative number. `timestamps` are tried in order (an embedded record's own, then
 * its line's).
 */
export function responseLine(message: Record<string, unknown>, usage: Record<string, unknown>, requestId: unknown, timestamps: readonly unknown[]): ResponseLine | string {
  const tokens = usageOf(usage);
  if (typeof tokens === 'string') return tokens;
  const [inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens] = tokens as [number, number, number, number];
  const timestamp = timestamps.find((t): t is string => typeof t === 'string');
  return {
    id: typeof message.id === 'string' && message.id ? message.id : undefined,
    requestId: typeof requestId === 'string' ? requestId : '',
    model: typeof message.model === 'string' ? message.model : '',
    final: typeof message.stop_reason === 'string',
    timestampMs: timestamp === undefined ? NaN : Date.parse(timestamp),
    inputTokens,
    outputTokens,
    cacheWriteTokens,
    cacheReadTokens,
  };
}
