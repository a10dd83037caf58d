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
 * the handlers back. A signal that arrived just before, not yet dispatched to its handler, is lost
 * when the handlers go: call it where the event loop has just turned, not after long synchronous
 * work of its own.
 */
export function withDefaultSignals<T>(work: () => T): T {
  const saved = STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)] as const);
  for (const [signal] of saved) process.removeAllListeners(signal);
  try {
    return work();
  } finally {
    for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener as NodeJS.SignalsListener);
  }
}
