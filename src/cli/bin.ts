#!/usr/bin/env node
// The `sagepipe` command (dist/cli.js): a few lines that let node keep the compiled code of what the
// CLI loads (dist/cli-main.js, zod, jiti) on disk between runs, then the CLI itself (src/cli/main.ts).
// The cache must be on before that code is compiled, hence the separate file. module.enableCompileCache
// exists from Node 22.1 (NODE_DISABLE_COMPILE_CACHE=1 turns it off); on Node 20 every start compiles
// anew, as before.
// The cache holds compiled code node runs, so it is a directory only this user can write
// (cache-dir.ts), never the shared temp directory; NODE_COMPILE_CACHE, when set, is the user's choice.
import module from "node:module";
import { privateCacheDir } from "./cache-dir.js";

const enableCompileCache = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
if (enableCompileCache !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE === undefined) {
  const directory = process.env.NODE_COMPILE_CACHE === undefined ? privateCacheDir("node-compile-cache") : undefined;
  if (directory !== undefined || process.env.NODE_COMPILE_CACHE !== undefined) enableCompileCache(directory);
}
await import(new URL("./cli-main.js", import.meta.url).href);
