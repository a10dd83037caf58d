/**
 * What every command receives from ./program.ts, and the few ways of printing they share.
 */
import type { StopSignals } from '../app/signals.js';

/** Handed to each command's register function. */
export interface CommandContext {
  /** The command line as given (meta.json records it). */
  readonly argv: string[];
  /** The stop-signal handling of this process (../app/signals.ts): a command hands it the output and the journal in progress. */
  readonly stops: StopSignals;
}

/** Colours on the console: only on a terminal, and not under NO_COLOR. */
export function color(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

/** A note on stderr (`orchsim: ...`), unless quiet. */
export function noter(quiet: boolean | undefined): (text: string) => void {
  return (text) => {
    if (!quiet) process.stderr.write(`orchsim: ${text}\n`);
  };
}

/** Writes the HTML report of an output directory or a trace (loaded only when asked for: vega takes most of a second to load). */
export async function writeReportOf(path: string, quiet?: boolean, x?: string): Promise<void> {
  const { writeReportOf: write } = await import('../output/report/index.js');
  const result = await write(path, x === undefined ? {} : { x });
  for (const w of result.warnings) process.stderr.write(`report: vega-lite: ${w}\n`);
  if (!quiet) process.stderr.write(`report: ${result.file} (${result.charts.length} charts, ${(result.bytes / 1024).toFixed(0)} KiB)\n`);
}
