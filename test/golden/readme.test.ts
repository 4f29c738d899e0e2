import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typeCheck } from "../support/type-check.js";

// README's TypeScript examples are code readers copy: they must compile against sagepipe as it is.
// - The first one is examples/quickstart/pipeline.ts, word for word: that file is type-checked
//   (npm test runs tsc) and compiled, validated and compared with its golden definition like every
//   example.
// - Every other complete one (no "..." placeholder outside comments) is type-checked here as a module of its own at
//   the repository's root, with the project's compiler options; `./pipeline.js` is the churn example,
//   as the text around those examples says. Unused names are allowed (an example shows a value by
//   naming it).

const root = join(__dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const quickstart = readFileSync(join(root, "examples/quickstart/pipeline.ts"), "utf8");

/**
 * True when an example leaves something out: a `...` in its code (not in a line comment) that is
 * not a spread, e.g. `.when(...)` or an elided object body.
 */
const hasPlaceholder = (code: string): boolean =>
  code.split("\n").some((line) => /\.\.\.(?![\w$({[])/.test(line.replace(/(^|\s)\/\/.*$/, "")));

/** The examples not type-checked here: the quickstart (a file of its own) and sketches with placeholders. */
const skipped = examples.flatMap((code, index) => (index === 0 || hasPlaceholder(code) ? [index] : []));

/** The examples to type-check, as files at the repository's root. */
const complete = examples
  .map((code, index) => ({ index, code }))
  .filter(({ index }) => !skipped.includes(index))
  .map(({ index, code }) => ({
    file: join(root, `readme-example-${index}.ts`),
    code: code.replaceAll(`from "./pipeline.js"`, `from "./examples/churn/pipeline.js"`),
  }));

/** A file that must not compile: proves the check reports what it should. */
const broken = { file: join(root, "readme-example-broken.ts"), code: `import { pipeline } from "sagepipe";\npipeline("P").param("T", "Float", { default: "high" });\n` };

// one program for all of them (type-checking sagepipe takes seconds)
let diagnostics: string[] | undefined;
const checked = (): string[] => (diagnostics ??= typeCheck([...complete, broken], { allowUnused: true }));

describe("README", () => {
  it("shows examples/quickstart/pipeline.ts as its first TypeScript example", () => {
    expect(examples[0]).toBe(quickstart);
  });

  it("has TypeScript examples that compile against sagepipe", { timeout: 300_000 }, () => {
    // what is left out, exactly: the quickstart and the "Reusable steps" sketch (`.when(...)`). A new
    // example taken for a sketch (a "..." in a string, say) fails here rather than go unchecked.
    expect(skipped).toEqual([0, 2]);
    expect(complete.length).toBe(examples.length - 2);
    expect(checked().filter((line) => !line.startsWith("readme-example-broken.ts"))).toEqual([]);
  });

  it("would notice an example that does not compile", { timeout: 300_000 }, () => {
    expect(checked().filter((line) => line.startsWith("readme-example-broken.ts"))).toEqual([expect.stringMatching(/^readme-example-broken\.ts:2: /)]);
  });
});
