#!/usr/bin/env node
// first: a zod that is not zod 4 fails here, with what to install, before any schema is built
import "../zod-check.js";
import { EXIT } from "./context.js";
import { run } from "./run.js";

// What a command prints on stdout is its result (a definition, a graph, a report). When it cannot be
// written (a full disk: ENOSPC; a reader that went away: EPIPE), the command has not done its job:
// never exit 0 then. The error comes as the stream's "error" event (after this file's last line for
// a file or a pipe node writes synchronously: `stdout.errored` says so at once).
let outputFailed = false;
function outputFailure(error: Error): void {
  if (outputFailed) return;
  outputFailed = true;
  // EPIPE: the reader chose to stop (`| head`); a message would only be noise, the exit code says it
  if ((error as NodeJS.ErrnoException).code !== "EPIPE") process.stderr.write(`sagepipe: cannot write the output (stdout): ${error.message}\n`);
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = EXIT.usage;
}
process.stdout.on("error", outputFailure);

const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;
if (process.stdout.errored !== null) outputFailure(process.stdout.errored);
// Every command has finished its work when run() returns (child processes stopped, files written,
// locks released). Exit now rather than when the event loop drains: node would first run the
// garbage collector's pending work (a full collection after a compile, tens of milliseconds of a
// CLI call). Only when the output has been handed to the terminal, file or pipe: output still
// buffered (a slow pipe) is written before node exits on its own (and a failure to write it sets
// the exit code above).
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(process.exitCode);
