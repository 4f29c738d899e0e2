import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../support/bundle.js";

// What importing sagepipe loads (issue 17): the cron checker (cron-validate, with yup: about 50
// CommonJS modules) is required when a cron expression is first checked, not at import. Checked in
// both builds, ES module and CommonJS, since each finds cron-validate its own way. And what it
// builds: the schemas of a step type are built when they are first used, not at import.

const probe = `
import { createRequire } from "node:module";
import { schedule } from "sagepipe";
const cache = createRequire(${JSON.stringify(join(repositoryRoot, "package.json"))}).cache;
const loaded = () => Object.keys(cache).some((file) => file.includes("cron-validate"));
const atImport = loaded();
schedule("rate(1 day)");
const afterRate = loaded();
const cron = schedule("cron(0 12 ? * MON-FRI *)");
let refused = "";
try { schedule("cron(61 12 * * ? *)"); } catch (error) { refused = error.code + ": " + error.message; }
console.log(JSON.stringify({ atImport, afterRate, afterCron: loaded(), cron, refused }));
`;

// Counts the zod schemas built: zod's classic constructors read its default locale once per schema
// (checked below: building one z.string() counts one).
const schemaProbe = `
import * as z from "zod";
z.string();
let built = 0;
let localeError = z.core.globalConfig.localeError;
Object.defineProperty(z.core.globalConfig, "localeError", { configurable: true, enumerable: true, get: () => (built++, localeError), set: (value) => { localeError = value; } });
const before = built;
z.string();
const perSchema = built - before;
const { compile, pipeline, ProcessingStep, STEP_SCHEMAS, Step } = await import("sagepipe");
const atImport = built;
const failOnly = pipeline("FailOnly").fail("Stop", "stopped");
const json = compile(failOnly).json;
const afterFailPipeline = built;
// a valid pipeline of the seed flow's step types: its first compile reads the plan of the step schemas
// (src/validate/fast-schema-plan.ts) instead of building them
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";
const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const seedLike = pipeline("SeedLike")
  .assets({ bucket: "bench-bucket" })
  .param("Input", "String", { default: "s3://bench-bucket/in/" })
  .param("Threshold", "Float", { default: 0.5 })
  .process("Prepare", ({ params }) => ({ image, role, instanceType: "ml.m5.xlarge", inputs: { data: params.Input }, outputs: { out: "/opt/ml/processing/out" } }))
  .train("Fit", ({ steps }) => ({ image, role, instanceType: "ml.m5.xlarge", inputs: { train: steps.Prepare.outputs.out } }))
  .when("Check", ({ params }) => params.Threshold.gte(0.1))
  .fail("TooLow", "too low")
  .end();
const seedJson = compile(seedLike).json;
const afterSeedLike = built;
// the stand-ins behave as the schemas: a parse, instanceof, the shape, a method, inside other schemas
const step = { Name: "Stop", Type: "Fail", Arguments: { ErrorMessage: "stopped" } };
const wrapped = z.object({ steps: z.array(Step), processing: ProcessingStep.optional() });
const results = {
  isObject: ProcessingStep instanceof z.ZodObject,
  typeLiteral: ProcessingStep.shape.Type.value,
  keys: Object.keys(ProcessingStep.shape).includes("Arguments"),
  extended: ProcessingStep.extend({ Extra: z.string() }).safeParse({}).success,
  failParses: STEP_SCHEMAS.Fail.safeParse(step).success,
  stepParses: Step.safeParse(step).success,
  wrappedParses: wrapped.safeParse({ steps: [step] }).success,
  wrappedRejects: wrapped.safeParse({ steps: [{ ...step, Type: "Nope" }] }).error?.issues[0]?.code,
};
console.log(JSON.stringify({ perSchema, atImport, afterFailPipeline, afterSeedLike, seedSteps: JSON.parse(seedJson).Steps.length, allBuilt: built, json: JSON.parse(json).Steps[0].Type, results }));
`;

async function run(format: "esm" | "cjs", source = probe): Promise<Record<string, unknown>> {
  const dir = join(repositoryRoot, "node_modules/.cache/sagepipe-test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `lazy-loading-${process.pid}.${format === "esm" ? "mjs" : "cjs"}`);
  const entry = join(dir, `lazy-loading-entry-${process.pid}-${format}.mjs`);
  writeFileSync(entry, source);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    outfile: file,
    packages: "external",
    alias: { sagepipe: join(repositoryRoot, "src/index.ts") },
    logLevel: "error",
  });
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8" })) as Record<string, unknown>;
}

describe("what importing sagepipe loads", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`loads cron-validate only when a cron expression is checked (${format})`, async () => {
      const result = await run(format);
      expect(result.atImport).toBe(false);
      expect(result.afterRate).toBe(false);
      expect(result.afterCron).toBe(true);
      expect(result.cron).toMatchObject({ expression: "cron(0 12 ? * MON-FRI *)" });
      expect(result.refused).toMatch(/^invalid-trigger: "cron\(61 12 \* \* \? \*\)" is not a valid AWS cron expression/);
    }, 60_000);
  }

  it("builds the schemas of a step type when it is first used, not at import", async () => {
    const result = await run("esm", schemaProbe);
    expect(result.perSchema).toBe(1);
    // the few shared leaves and the envelope (2,597 when every step type was built at import)
    expect(result.atImport).toBeLessThan(400);
    // a Fail step builds the Fail schemas (and the document's), not those of the other 22 step types
    expect((result.afterFailPipeline as number) - (result.atImport as number)).toBeLessThan(300);
    expect(result.json).toBe("Fail");
    // a first compile of Processing, Training, Condition and Fail steps reads the plan of their
    // schemas, and builds none of them (665 zod schemas for the seed flow before; a few are the
    // document's own, built once)
    expect(result.seedSteps).toBe(3);
    expect((result.afterSeedLike as number) - (result.afterFailPipeline as number)).toBeLessThan(10);
    expect(result.results).toEqual({
      isObject: true,
      typeLiteral: "Processing",
      keys: true,
      extended: false,
      failParses: true,
      stepParses: true,
      wrappedParses: true,
      wrappedRejects: "invalid_union",
    });
    // and using the public Step union builds every step type, as before
    expect(result.allBuilt).toBeGreaterThan(2000);
  }, 60_000);
});
