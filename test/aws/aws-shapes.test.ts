import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, OUTPUT, TYPE_TEST } from "../../scripts/generate-aws-shapes.js";

// sagepipe declares the SageMaker API shapes its public types use (src/aws/sagemaker-shapes.ts) so
// that importing it does not load the SDK's declarations. They are generated from the installed SDK;
// test/types/aws-shapes.test-d.ts checks each against the SDK's type, and this test that the checked-in
// files are what the generator writes now (after an SDK update: npm run generate:aws-shapes).
describe("the generated SageMaker API shapes", () => {
  it("are what scripts/generate-aws-shapes.ts writes from the installed @aws-sdk/client-sagemaker", () => {
    const generated = generate();
    expect(readFileSync(OUTPUT, "utf8")).toBe(generated.text);
    expect(readFileSync(TYPE_TEST, "utf8")).toBe(generated.typeTest);
    // every shape the public types name, and what they reach (a few hundred, not the SDK's thousands)
    expect(generated.names).toEqual(expect.arrayContaining(["CreateTrainingJobRequest", "DescribeTrainingJobResponse", "PipelineExecutionStatus", "Channel", "S3DataSource"]));
    expect(generated.names.length).toBeLessThan(1000);
  }, 120_000);
});
