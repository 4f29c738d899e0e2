import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, type Compilable } from "sagepipe";
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
    expect(skipped).toEqual([0, 3]);
    expect(complete.length).toBe(examples.length - 2);
    expect(checked().filter((line) => !line.startsWith("readme-example-broken.ts"))).toEqual([]);
  });

  it("would notice an example that does not compile", { timeout: 300_000 }, () => {
    expect(checked().filter((line) => line.startsWith("readme-example-broken.ts"))).toEqual([expect.stringMatching(/^readme-example-broken\.ts:2: /)]);
  });
});

describe("README's script-mode example", () => {
  // type-checking is not enough: the SDK's checks run when the pipeline is built and compiled (its
  // PyTorch version once failed the torch_distributed check), so this one is run
  it("builds and compiles, with the hyperparameters the text describes", async () => {
    const start = readme.indexOf("### Script mode: your code in the framework's container");
    const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? "";
    expect(code).toContain("frameworkTrainingStep");
    const dir = mkdtempSync(join(tmpdir(), "sagepipe-readme-"));
    mkdirSync(join(dir, "src"));
    for (const file of ["preprocess.py", "train.py", "requirements.txt"]) writeFileSync(join(dir, "src", file), "\n");
    writeFileSync(join(dir, "pipeline.ts"), code);
    const module = (await import(join(dir, "pipeline.ts"))) as { default: Compilable };
    const compiled = compile(module.default, { baseDir: dir });
    const train = compiled.definition.Steps.find((step) => step.Name === "Train") as unknown as { Arguments: { HyperParameters: Record<string, unknown> } };
    expect(train.Arguments.HyperParameters).toMatchObject({ epochs: "10", lr: "0.0001", layers: "[64, 32]", sagemaker_torch_distributed_enabled: "true", sagemaker_program: '"train.py"' });
  });
});
