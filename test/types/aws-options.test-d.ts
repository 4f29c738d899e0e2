import { describe, expectTypeOf, it } from "vitest";
import type { ClientRequestTokenParts, PipelineDeployOptions, StartOptions } from "sagepipe";

// Options read from the environment may be undefined (`process.env.GITHUB_SHA` outside CI); under
// `exactOptionalPropertyTypes` an optional `commit?: string` would refuse them.
describe("options that take values from the environment", () => {
  it("take an undefined commit, start name, description and token", () => {
    const commit: string | undefined = undefined;
    expectTypeOf({ pipelineName: "Churn", commit }).toExtend<ClientRequestTokenParts>();
    expectTypeOf({ roleArn: "arn:aws:iam::111111111111:role/R", commit }).toExtend<PipelineDeployOptions>();
    const name: string | undefined = undefined;
    expectTypeOf({ displayName: name, description: name, clientRequestToken: name, parallelism: undefined }).toExtend<StartOptions<object>>();
    // @ts-expect-error: a commit is text
    expectTypeOf({ pipelineName: "Churn", commit: 1 }).toExtend<ClientRequestTokenParts>();
  });
});
