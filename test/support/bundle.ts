import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
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
 * repository (`node_modules/.cache`) where they resolve. Named by its content, so test runs on the
 * same source share one file. esbuild is the bundler tsup and vite use.
 */
export function bundled(entry: string): Promise<string> {
  let found = bundles.get(entry);
  if (found === undefined) {
    found = (async () => {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        write: false,
        outfile: "bundle.mjs",
        packages: "external",
        alias: { sagepipe: join(repositoryRoot, "src/index.ts") },
        logLevel: "error",
        // bundled CommonJS-style code may use require: give the module one
        banner: { js: 'import { createRequire as __sagepipeRequire } from "node:module"; const require = __sagepipeRequire(import.meta.url);' },
      });
      const contents = result.outputFiles[0]?.contents;
      if (contents === undefined) throw new Error(`esbuild wrote no bundle for ${entry}`);
      const dir = join(repositoryRoot, "node_modules/.cache/sagepipe-test");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${createHash("sha256").update(contents).digest("hex").slice(0, 16)}.mjs`);
      if (!existsSync(file)) {
        const partial = `${file}.${process.pid}.partial`;
        writeFileSync(partial, contents);
        renameSync(partial, file);
      }
      return file;
    })();
    bundles.set(entry, found);
  }
  return found;
}
