#!/usr/bin/env node
// The `sagepipe` command (dist/cli.js): a few lines that let node keep the compiled code of what the
// CLI loads (dist/cli-main.js, zod, jiti) on disk between runs, then the CLI itself (src/cli/main.ts).
// The cache must be on before that code is compiled, hence the separate file. module.enableCompileCache
// exists from Node 22.1 (node's own cache directory in the OS temp directory; NODE_DISABLE_COMPILE_CACHE=1
// turns it off), as TypeScript's tsc does; on Node 20 every start compiles anew, as before.
import module from "node:module";

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import(new URL("./cli-main.js", import.meta.url).href);
