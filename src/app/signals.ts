/**
 * The stop signals (SIGINT, SIGTERM, SIGHUP) of a command, owned here rather than by the command
 * line: what a signal keeps (the journal of --resume) and removes (the output being written), and
 * how long synchronous work runs under the default disposition instead (issue 25).
 *
 * A JavaScript signal handler runs only when the event loop turns, so a handler installed while a
 * large file is parsed or a distribution fitted would wait for the end of that work: SIGINT was
 * ignored for minutes. Such work runs under withDefaultSignals: a signal then ends the process at
 * once, as the signal's (the shell's `$?` is 128 + its number: 130 for SIGINT). It is only used for
 * work that writes nothing, so there is nothing to clean up.
 */
import { constants as osConstants } from 'node:os';
import { describeJournaled } from './resume.js';

/** The signals that stop a command. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The conventional exit code of a process ended by `signal`: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 2);
}

/** The journal of the long command in progress (a run's, or an analysis's: ./taskJournal.ts), kept on a signal for --resume. */
export interface KeptJournal {
  readonly shown: string;
  interrupted(): { chunks: number; units: number } | null;
}

/** An output directory being written (../output/files.ts), removed on a signal. */
export interface AbortableOutput {
  abort(): void;
}

/**
 * The stop-signal handling of one command: installed for its whole life, told by the command what
 * is in progress. A signal ends a run cleanly: its temporary directory removed, any previous
 * output left as it was, the journal kept for --resume; then the process exits with
 * signalExitCode. One per command (main() makes it), so nothing here is module state.
 */
export class StopSignals {
  private output: AbortableOutput | null = null;
  private journal: KeptJournal | null = null;

  /** Hands over the output directory being written (null once it is complete or removed). */
  readonly trackOutput = (dir: AbortableOutput | null): void => {
    this.output = dir;
  };

  /** Hands over the journal of the command in progress (null once it is done). */
  readonly trackJournal = (journal: KeptJournal | null): void => {
    this.journal = journal;
  };

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    // The journal first: the output's clean-up keeps the directories it is in.
    const kept = this.journal?.interrupted();
    this.output?.abort();
    const resume = kept ? `; ${describeJournaled(kept)} kept in ${this.journal!.shown}: run the same command with --resume to continue` : '';
    process.stderr.write(`\norchsim: interrupted (${signal}); nothing was written${resume}\n`);
    process.exit(signalExitCode(signal));
  };

  /** Listens for the stop signals (synchronously: the bin's own early handlers come off only after this). */
  install(): void {
    for (const signal of STOP_SIGNALS) process.once(signal, this.onSignal);
  }

  remove(): void {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, this.onSignal);
  }
}

/**
 * Runs `work` with no JavaScript handler for the stop signals (see the module comment), then puts
 * the handlers back. The event loop turns once first: a signal that arrived during the synchronous
 * work before (loading the CLI, parsing its flags) and is not yet dispatched would be lost with the
 * handlers (Node stops listening for a signal when its last listener goes): a run interrupted at
 * 300-400 ms then finished and exited 0. After the turn, the installed handler has had it.
 */
export async function withDefaultSignals<T>(work: () => T): Promise<T> {
  // Two check phases: the first may come before this loop iteration's poll has read the signal
  // pipe; the second comes after the next iteration's poll, which has dispatched what was pending.
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  const saved = STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)] as const);
  for (const [signal] of saved) process.removeAllListeners(signal);
  try {
    return work();
  } finally {
    for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener as NodeJS.SignalsListener);
  }
}
