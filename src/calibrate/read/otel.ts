/**
 * Claude Code's OpenTelemetry events as exported: OTLP/HTTP JSON documents
 * (`resourceLogs[].scopeLogs[].logRecords[]`, attributes as `[{ key, value: { stringValue |
 * intValue | doubleValue } }]`), whether one per line (the collector's file exporter) or
 * pretty-printed over many lines (a request body saved to a file), or one flat record per line
 * (`{ "event.name": ..., attributes: { ... } }` or the attributes at the top level). Documents
 * are read one at a time (lines.ts, forEachJsonDocument), so memory is bounded by the largest.
 * Only `claude_code.api_request` events are used: `model`, `duration_ms`, `cost_usd`,
 * `input_tokens`, `output_tokens`, `cache_read_tokens`, `cache_creation_tokens`, and
 * `query_source` (which part of Claude Code made the call: the main thread, a subagent, or an
 * auxiliary call such as titling a session; derive/otel.ts keeps auxiliary calls out of the
 * fits). Numbers may arrive as strings (OTLP writes 64-bit integers that way).
 */
import { BadLines, fileBytes, forEachJsonDocument, numberOf } from './lines.js';

export interface ApiRequest {
  model: string;
  durationMs: number | undefined;
  costUsd: number | undefined;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** The `query_source` attribute, when the event has one. */
  querySource: string | undefined;
}

export interface OtelCounts {
  bytes: number;
  lines: number;
  /** JSON documents (an OTLP export, or a flat record). */
  documents: number;
  /** Log records seen (several per OTLP document). */
  records: number;
  apiRequests: number;
  otherEvents: number;
  malformedSkipped: number;
}

type Attributes = Record<string, unknown>;

function otlpValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  return o.stringValue ?? o.intValue ?? o.doubleValue ?? o.boolValue;
}

/** OTLP's `[{ key, value }]` list, or a plain object, as one flat map. */
function attributesOf(raw: unknown): Attributes {
  if (Array.isArray(raw)) {
    const out: Attributes = {};
    for (const kv of raw) if (kv && typeof kv === 'object' && typeof kv.key === 'string') out[kv.key] = otlpValue(kv.value);
    return out;
  }
  return typeof raw === 'object' && raw !== null ? (raw as Attributes) : {};
}

/** The flat records of one line: the log records of an OTLP export, or the line itself. */
function recordsOf(line: Record<string, unknown>): { name: unknown; attributes: Attributes }[] {
  const resourceLogs = line.resourceLogs;
  if (!Array.isArray(resourceLogs)) {
    const attributes = 'attributes' in line ? attributesOf(line.attributes) : line;
    return [{ name: attributes['event.name'] ?? line['event.name'] ?? line.eventName ?? line.name ?? otlpValue(line.body), attributes }];
  }
  const out: { name: unknown; attributes: Attributes }[] = [];
  for (const rl of resourceLogs)
    for (const sl of (rl as { scopeLogs?: unknown[] })?.scopeLogs ?? [])
      for (const lr of (sl as { logRecords?: Record<string, unknown>[] })?.logRecords ?? []) {
        const attributes = attributesOf(lr?.attributes);
        out.push({ name: attributes['event.name'] ?? lr?.eventName ?? otlpValue(lr?.body), attributes });
      }
  return out;
}

const isApiRequest = (name: unknown) => name === 'api_request' || name === 'claude_code.api_request';

/** A count attribute: absent is 0; present must be a number >= 0 (else the name, for the message). */
function countOf(a: Attributes, key: string, required: boolean): number | string {
  if (a[key] === undefined) return required ? key : 0;
  const v = numberOf(a[key]);
  return v !== undefined && v >= 0 ? v : key;
}

export function readOtel(file: string, bad: BadLines, onRequest: (r: ApiRequest) => void): OtelCounts {
  const counts: OtelCounts = { bytes: fileBytes(file, '--otel') ?? 0, lines: 0, documents: 0, records: 0, apiRequests: 0, otherEvents: 0, malformedSkipped: 0 };
  const before = bad.total;
  counts.lines = forEachJsonDocument(
    file,
    (rec, line) => {
      counts.documents++;
      for (const { name, attributes: a } of recordsOf(rec)) {
        counts.records++;
        if (!isApiRequest(name)) {
          counts.otherEvents++;
          continue;
        }
        const fields = [
          countOf(a, 'input_tokens', false),
          countOf(a, 'output_tokens', true),
          countOf(a, 'cache_read_tokens', false),
          countOf(a, 'cache_creation_tokens', false),
        ];
        const badField = fields.find((f) => typeof f === 'string');
        if (badField !== undefined) {
          bad.report(file, `line ${line}`, `api_request attribute ${badField} is missing or not a non-negative number`);
          continue;
        }
        const duration = a.duration_ms === undefined ? undefined : numberOf(a.duration_ms);
        if (a.duration_ms !== undefined && !(duration !== undefined && duration >= 0)) {
          bad.report(file, `line ${line}`, 'api_request attribute duration_ms is not a non-negative number');
          continue;
        }
        counts.apiRequests++;
        const [inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens] = fields as number[];
        onRequest({
          model: typeof a.model === 'string' ? a.model : '',
          durationMs: duration,
          costUsd: numberOf(a.cost_usd),
          inputTokens: inputTokens!,
          outputTokens: outputTokens!,
          cacheReadTokens: cacheReadTokens!,
          cacheWriteTokens: cacheWriteTokens!,
          querySource: typeof a.query_source === 'string' && a.query_source ? a.query_source : undefined,
        });
      }
    },
    (line) => bad.report(file, `line ${line}`, 'is not a JSON object (malformed JSON document)'),
  );
  counts.malformedSkipped = bad.total - before;
  return counts;
}
