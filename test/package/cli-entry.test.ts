import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { root, staleBuild } from "./built.js";

// dist/cli.js, the `sagepipe` command, turns node's compile cache on (module.enableCompileCache,
// Node 22.1+) and then loads the CLI (dist/cli-main.js), so that the CLI's code, zod's and jiti's
// are compiled from the cache on later runs (issue 17). Node 20 has no such function: the CLI runs
// without it.

const skip = staleBuild();
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

/** A module to preload (node --import) with `source`. */
function preloaded(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "sagepipe-cli-entry-")), "preload.mjs");
  writeFileSync(file, source);
  return file;
}

function sagepipe(args: readonly string[], preload?: string) {
  const result = spawnSync(process.execPath, [...(preload === undefined ? [] : ["--import", pathToFileURL(preload).href]), join(root, "dist/cli.js"), ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the sagepipe command's entry", () => {
  it.skipIf(skip !== "")(`turns node's compile cache on, once, before the CLI runs ${skip}`, () => {
    // a stand-in for Node 22's module.enableCompileCache that says when it is called
    // (with the directory: a private one in this checkout's node_modules, never the OS temp directory)
    const preload = preloaded('import module from "node:module";\nmodule.enableCompileCache = (dir) => { process.stderr.write(`compile cache on in ${dir}\\n`); return { status: 0 }; };\n');
    const on = `compile cache on in ${join(root, "node_modules/.cache/sagepipe/node-compile-cache")}\n`;
    expect(sagepipe(["--version"], preload)).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: on });
    const invalid = sagepipe(["validate", "test/fixtures/pipelines/invalid-arguments.ts"], preload);
    expect({ status: invalid.status, stderr: invalid.stderr }).toEqual({ status: 1, stderr: on });
  });

  it.skipIf(skip !== "")(`runs the CLI where node has no compile cache (Node 20) ${skip}`, () => {
    const preload = preloaded('import module from "node:module";\ndelete module.enableCompileCache;\n');
    const result = sagepipe(["compile", "examples/churn/pipeline.ts", "--compact"], preload);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(root, "test/golden/churn.json"), "utf8")));
  });
});
