import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, staleBuild } from "./built.js";

// The shipped JavaScript is ASCII (issue 17): one character outside ASCII anywhere in a file (a `≤`
// in a regular expression was enough) has node decode the whole file, 1 MB for the CLI, as UTF-16
// text, twice the memory and about twice the time to decode, on every start. esbuild writes other
// characters as escapes, except inside regular expression literals: write those as \uXXXX in the source.

const skip = staleBuild();

describe("the built JavaScript", () => {
  it.skipIf(skip !== "")(`is ASCII, in every file of dist/ that node loads ${skip}`, () => {
    const files = readdirSync(join(root, "dist")).filter((name) => /\.(?:c|m)?js$/.test(name));
    expect(files).toEqual(expect.arrayContaining(["cli.js", "cli-main.js", "index.js", "index.cjs"]));
    const outside = files.flatMap((name) => {
      const text = readFileSync(join(root, "dist", name), "utf8");
      const at = text.search(/[^\x00-\x7f]/);
      return at < 0 ? [] : [`${name}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`];
    });
    expect(outside).toEqual([]);
  });
});
