import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { privateCacheDir } from "../../src/cli/cache-dir.js";
import { cli, root } from "./support.js";

// jiti keeps the pipeline files it transforms on disk, and the next run executes them. By default it
// puts them in <pipeline dir>/node_modules/.cache/jiti, or, when there is none (a pipeline in a
// subfolder: examples/churn/pipeline.ts), in the OS temp directory's "jiti" folder, which anyone on a
// shared machine (a CI runner) can create first and fill with code. The CLI gives jiti a directory of
// this user's instead.

describe("the CLI's cache of transformed pipeline files", () => {
  let temp: string;
  let saved: string | undefined;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), "sagepipe-tmpdir-"));
    saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it("is never the shared temp directory: a pipeline without node_modules beside it writes nothing there", async () => {
    expect(tmpdir()).toBe(temp);
    const project = mkdtempSync(join(temp, "project-"));
    cpSync(join(root, "examples/quickstart"), project, { recursive: true });
    const result = await cli(["compile", join(project, "pipeline.ts")], project);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(join(temp, "jiti"))).toBe(false);
    expect(readdirSync(temp).filter((entry) => !entry.startsWith("project-"))).toEqual([]);
    // it went to this checkout's node_modules/.cache/sagepipe/jiti, which only this user can write
    const cache = join(root, "node_modules/.cache/sagepipe/jiti");
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    expect(statSync(cache).mode & 0o022).toBe(0);
  });
});

describe("privateCacheDir", () => {
  it("uses the node_modules of the project sagepipe is installed in", () => {
    const project = mkdtempSync(join(tmpdir(), "sagepipe-installed-"));
    const from = join(project, "node_modules/sagepipe/dist/cli-main.js");
    expect(privateCacheDir("jiti", from)).toBe(join(project, "node_modules/.cache/sagepipe/jiti"));
  });

  it.skipIf(typeof process.getuid !== "function")("makes only its own directory private: node_modules/.cache, when it makes it, as any tool does", () => {
    const project = mkdtempSync(join(tmpdir(), "sagepipe-fresh-"));
    mkdirSync(join(project, "node_modules"));
    const dir = privateCacheDir("jiti", join(project, "node_modules/sagepipe/dist/cli-main.js"));
    expect(dir).toBe(join(project, "node_modules/.cache/sagepipe/jiti"));
    const umask = process.umask();
    expect(statSync(join(project, "node_modules/.cache")).mode & 0o777).toBe(0o777 & ~umask);
    expect(statSync(join(project, "node_modules/.cache/sagepipe")).mode & 0o777).toBe(0o777 & ~umask);
    expect(statSync(join(project, "node_modules/.cache/sagepipe/jiti")).mode & 0o777).toBe(0o700 & ~umask);
  });

  it.skipIf(typeof process.getuid !== "function")("passes over a directory others can write, to the user's own cache", () => {
    const project = mkdtempSync(join(tmpdir(), "sagepipe-shared-"));
    const planted = join(project, "node_modules/.cache/sagepipe/jiti");
    mkdirSync(planted, { recursive: true });
    chmodSync(planted, 0o777);
    const home = mkdtempSync(join(tmpdir(), "sagepipe-home-"));
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = home;
    try {
      expect(privateCacheDir("jiti", join(project, "node_modules/sagepipe/dist/cli-main.js"))).toBe(join(home, "sagepipe/jiti"));
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it.skipIf(typeof process.getuid !== "function")("is undefined when no place is private: nothing is cached", () => {
    const project = mkdtempSync(join(tmpdir(), "sagepipe-none-"));
    for (const dir of [join(project, "node_modules/.cache/sagepipe/jiti"), join(project, "xdg/sagepipe/jiti")]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
    }
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(project, "xdg");
    try {
      expect(privateCacheDir("jiti", join(project, "node_modules/sagepipe/dist/cli-main.js"))).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
