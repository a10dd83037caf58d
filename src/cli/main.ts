#!/usr/bin/env node
/** The `orchsim` bin: run the command line and exit with its code. */
import { prestartFor } from './prestart.js';

// A reader that stops early (`orchsim trace | head`) is no error, and no reason for a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

// Worker threads first, so that they load while the rest of the CLI does (see ./prestart).
prestartFor(process.argv.slice(2));
const { main } = await import('./program.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`orchsim: internal error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
