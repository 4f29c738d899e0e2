import { describe, expectTypeOf, it } from "vitest";
import type { ClientRequestTokenParts, PipelineDeployOptions } from "sagepipe";

// Options read from the environment may be undefined (`process.env.GITHUB_SHA` outside CI); under
// `exactOptionalPropertyTypes` an optional `commit?: string` would refuse them.
describe("options that take values from the environment", () => {
  it("take an undefined commit", () => {
    const commit: string | undefined = undefined;
    expectTypeOf({ pipelineName: "Churn", commit }).toExtend<ClientRequestTokenParts>();
    expectTypeOf({ roleArn: "arn:aws:iam::111111111111:role/R", commit }).toExtend<PipelineDeployOptions>();
    // @ts-expect-error: a commit is text
    expectTypeOf({ pipelineName: "Churn", commit: 1 }).toExtend<ClientRequestTokenParts>();
  });
});
