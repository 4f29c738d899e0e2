#!/usr/bin/env node
// first: a zod that is not zod 4 fails here, with what to install, before any schema is built
import "../zod-check.js";
import { run } from "./run.js";

const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;
// Every command has finished its work when run() returns (child processes stopped, files written,
// locks released). Exit now rather than when the event loop drains: node would first run the
// garbage collector's pending work (a full collection after a compile, tens of milliseconds of a
// CLI call). Only when the output has been handed to the terminal, file or pipe: output still
// buffered (a slow pipe) is written before node exits on its own.
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
