#!/usr/bin/env node
// first: a zod that is not zod 4 fails here, with what to install, before any schema is built
import "../zod-check.js";
import { run } from "./run.js";

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
