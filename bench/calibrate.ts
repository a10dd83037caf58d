/**
 * Calibration's speed and memory on a large log folder: writes ~1 GB (ORCHSIM_CALIBRATE_BENCH_MB,
 * default 1024) of synthetic Claude Code session logs to a temporary folder, in the real shape
 * (responses over two content-block lines, a streaming partial now and then, tool results of a
 * few KB, subagent files, some subagents only in agent_progress lines, glued records now and
 * then), calibrates from them, and reports MB/s and peak memory
 * (process.resourceUsage().maxRSS, before and after the calibration). The folder is removed.
 *
 *   npm run build && node dist/bench/calibrate.js
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrate } from '../src/calibrate/calibrate.js';
import { DEFAULT_SCENARIO } from '../src/model/index.js';
import { createStream, type Uniform } from '../src/random/index.js';

const FILLER = 'const value = compute(input); // a line of code or of a tool result, repeated to size\n'.repeat(64);
const MODELS = ['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'];

function text(u: Uniform, min: number, max: number): string {
  const n = min + Math.floor(u() * (max - min));
  const start = Math.floor(u() * (FILLER.length - n));
  return FILLER.slice(start, start + n);
}

/** One agent run's lines: `turns` responses, each with its tool result. */
function runLines(u: Uniform, session: string, id: string, model: string, turns: number, sidechain: boolean, startMs: number): string[] {
  const lines: string[] = [];
  let context = 15_000 + Math.floor(u() * 10_000);
  let t = startMs;
  for (let k = 0; k < turns; k++) {
    const output = 50 + Math.floor(-Math.log(1 - u()) * 400);
    const usage = { input_tokens: 3, cache_creation_input_tokens: 500 + Math.floor(u() * 3000), cache_read_input_tokens: context, output_tokens: output };
    const base = { parentUuid: 'p', isSidechain: sidechain, userType: 'external', cwd: '/home/dev/project', sessionId: session, version: '2.1.39', type: 'assistant', requestId: `req_${id}_${k}` };
    const blocks = [
      [{ type: 'text', text: text(u, 200, 900) }],
      [{ type: 'tool_use', id: `toolu_${k}`, name: 'Read', input: { file_path: 'src/app.ts' } }],
    ];
    const partial = u() < 0.2;
    const emit = (content: unknown, out: number, ms: number) =>
      lines.push(JSON.stringify({ ...base, message: { id: `msg_${id}_${k}`, type: 'message', role: 'assistant', model, content, stop_reason: null, usage: { ...usage, output_tokens: out } }, uuid: `u${k}`, timestamp: new Date(ms).toISOString() }));
    if (partial) emit(blocks[0], 1, t);
    emit(blocks[0], output, t + 500);
    emit(blocks[1], output, t + 900);
    lines.push(JSON.stringify({ parentUuid: 'p', isSidechain: sidechain, type: 'user', sessionId: session, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${k}`, content: text(u, 800, 4000) }] }, uuid: `t${k}`, timestamp: new Date(t + 3000).toISOString() }));
    context += usage.cache_creation_input_tokens + output;
    t += 4000 + Math.floor(u() * 20_000);
  }
  return lines;
}

/** A subagent's assistant lines as the main file's agent_progress lines (where only main files were kept). */
function asAgentProgress(lines: string[], session: string, agentId: string): string[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((rec) => rec.type === 'assistant')
    .map((rec) => JSON.stringify({ parentUuid: 'p', isSidechain: false, sessionId: session, type: 'progress', data: { type: 'agent_progress', agentId, message: rec }, parentToolUseID: 'toolu_task', uuid: `g${String(rec.uuid)}`, timestamp: rec.timestamp }));
}

/**
 * Writes sessions (a main file and four subagent files each) until `bytes` are written. Every
 * fourth session kept its fourth subagent only as agent_progress lines in the main file, and
 * every tenth has two records glued on its first line (the traits of real logs).
 */
export function writeLogs(dir: string, bytes: number): number {
  const u = createStream(1, 'bench', 'calibrate');
  let written = 0;
  for (let s = 0; written < bytes; s++) {
    const session = `session-${String(s).padStart(6, '0')}`;
    const start = Date.UTC(2026, 0, 1) + s * 3_600_000;
    const write = (path: string, lines: string[]) => {
      const body = `${lines.join('\n')}\n`;
      writeFileSync(path, body);
      written += Buffer.byteLength(body);
    };
    const main = runLines(u, session, `${s}m`, MODELS[0]!, 20 + Math.floor(u() * 30), false, start);
    if (s % 10 === 0) main.splice(0, 2, `${main[0]}${main[1]}`);
    mkdirSync(join(dir, session, 'subagents'), { recursive: true });
    for (let a = 0; a < 4; a++) {
      const lines = runLines(u, session, `${s}a${a}`, MODELS[1 + (a % 2)]!, 10 + Math.floor(u() * 30), true, start + a * 60_000);
      if (a === 3 && s % 4 === 0) main.push(...asAgentProgress(lines, session, `${a}`));
      else write(join(dir, session, 'subagents', `agent-${a}.jsonl`), lines);
    }
    write(join(dir, `${session}.jsonl`), main);
  }
  return written;
}

export async function runCalibrateBench(): Promise<Record<string, number>> {
  const megabytes = Number(process.env.ORCHSIM_CALIBRATE_BENCH_MB ?? 1024);
  const dir = mkdtempSync(join(tmpdir(), 'orchsim-calibrate-bench-'));
  try {
    const t0 = performance.now();
    const bytes = writeLogs(dir, megabytes * 1e6);
    const generateSeconds = (performance.now() - t0) / 1000;
    const rssBeforeMB = process.resourceUsage().maxRSS / 1024;
    const t1 = performance.now();
    const result = calibrate({ claudeCodeDir: dir, bootstrap: 0, seed: 1, minObservations: 20, prsBy: 'agent' }, DEFAULT_SCENARIO, 'the default scenario');
    const seconds = (performance.now() - t1) / 1000;
    const peakRssMB = process.resourceUsage().maxRSS / 1024;
    const mbPerSecond = bytes / 1e6 / seconds;
    const responses = Number(/responses kept ([\d,]+)/.exec(result.report)?.[1]?.replace(/,/g, '') ?? NaN);
    console.log(`calibrate bench (node ${process.version}): ${(bytes / 1e6).toFixed(0)} MB of session logs written in ${generateSeconds.toFixed(1)} s`);
    console.log(`  calibrated in ${seconds.toFixed(1)} s: ${mbPerSecond.toFixed(0)} MB/s, ${responses.toLocaleString('en-US')} responses, ${result.fields} fields`);
    console.log(`  peak RSS ${peakRssMB.toFixed(0)} MB (${rssBeforeMB.toFixed(0)} MB before calibrating)`);
    console.log(`  ${/layouts: [^\n]*/.exec(result.report)?.[0] ?? ''}`);
    return { megabytes: bytes / 1e6, seconds, mbPerSecond, responses, fields: result.fields, peakRssMB, rssBeforeMB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCalibrateBench().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
