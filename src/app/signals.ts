/**
 * Signals during long synchronous work (issue 25). A JavaScript signal handler runs only when the
 * event loop turns, so a handler installed while a large file is parsed or a distribution fitted
 * would wait for the end of that work: SIGINT was ignored for minutes. Such work runs here with
 * the default disposition instead: a signal then ends the process at once, as the signal's (the
 * shell's `$?` is 128 + its number: 130 for SIGINT). It is only used for work that writes
 * nothing, so there is nothing to clean up.
 */

/** The signals that stop a command. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work` with no JavaScript handler for the stop signals (see the module comment), then puts
 * the handlers back. The event loop turns once first: a signal that arrived during the synchronous
 * work before (loading the CLI, parsing its flags) and is not yet dispatched would be lost with the
 * handlers (Node stops listening for a signal when its last listener goes): a run interrupted at
 * 300-400 ms then finished and exited 0. After the turn, onSignal has had it.
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
