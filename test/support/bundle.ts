import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

/** The repository root. */
export const repositoryRoot = join(__dirname, "../..");

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry (and the sagepipe source it imports, `"sagepipe"` included) into one
 * ES module, so a test can run it as a process of its own in half a second: loading the source tree
 * through jiti takes many seconds a process. Built from the source as it is now (never a stale
 * `dist/`), once per entry per test file; packages stay imports, so the bundle lives inside the
 * repository (`node_modules/.cache`) where they resolve. esbuild is the bundler tsup and vite use.
 */
export function bundled(entry: string): Promise<string> {
  let found = bundles.get(entry);
  if (found === undefined) {
    found = (async () => {
      const dir = join(repositoryRoot, "node_modules/.cache/sagepipe-test");
      mkdirSync(dir, { recursive: true });
      const name = `${entry.replace(/[^A-Za-z0-9]+/g, "-").slice(-80)}-${process.pid}-${bundles.size}`;
      const partial = join(dir, `${name}.partial.mjs`);
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile: partial,
        packages: "external",
        alias: { sagepipe: join(repositoryRoot, "src/index.ts") },
        logLevel: "error",
        // bundled CommonJS-style code may use require/__dirname: give the module both
        banner: { js: 'import { createRequire as __sagepipeRequire } from "node:module"; const require = __sagepipeRequire(import.meta.url);' },
      });
      const file = join(dir, `${name}.mjs`);
      renameSync(partial, file);
      return file;
    })();
    bundles.set(entry, found);
  }
  return found;
}
