#!/usr/bin/env node
/** The `orchsim` bin: run the command line and exit with its code. */
import { main } from './program.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`orchsim: internal error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
