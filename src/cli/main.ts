#!/usr/bin/env node
/** The `orchsim` bin: run the command line and exit with its code. */
import { constants as osConstants } from 'node:os';
import { prestartFor } from './prestart.js';

// A reader that stops early (`orchsim trace | head`) is no error, and no reason for a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

// Until the command line's own handlers are in (./program.ts, once loaded: up to seconds on a
// busy machine), a stop signal ends the process with 128 + its number and a line, not silently.
const STOP_BEFORE_LOADED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const stopBeforeLoaded = (signal: NodeJS.Signals) => {
  process.stderr.write(`\norchsim: interrupted (${signal}); nothing was written\n`);
  process.exit(128 + (osConstants.signals[signal] ?? 2));
};
for (const signal of STOP_BEFORE_LOADED) process.on(signal, stopBeforeLoaded);

// Worker threads first, so that they load while the rest of the CLI does (see ./prestart).
prestartFor(process.argv.slice(2));
const { main } = await import('./program.js');
// main() installs its handlers before its first await, and only then are these removed: a signal's
// listeners never drop to none in between. (When they do, Node stops listening for the signal and
// one that arrived during the synchronous end of loading, not yet dispatched, is lost: a run
// interrupted then went on to finish and exit 0.)
const exited = main(process.argv.slice(2));
for (const signal of STOP_BEFORE_LOADED) process.removeListener(signal, stopBeforeLoaded);

exited.then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`orchsim: internal error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
