import { StartPipelineExecutionCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { start } from "sagepipe";
import { EXECUTION_ARN, awsError, flow, mockedAws } from "./support.js";

describe("start: which resource AWS says is missing", () => {
  it("a ValidationException naming the pipeline is pipeline-not-found", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).rejects(awsError("ValidationException", "Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow' does not exist."));
    await expect(start(flow, { clients })).rejects.toMatchObject({ code: "pipeline-not-found" });
  });

  it("a missing source execution of a selective run is not reported as a missing pipeline", async () => {
    const { clients, sm } = mockedAws();
    const message = `Source pipeline execution ${EXECUTION_ARN.replace("exec-1", "gone-9")} does not exist.`;
    sm.on(StartPipelineExecutionCommand).rejects(awsError("ValidationException", message));
    const failure = await start(flow, { clients, selectiveExecution: { sourceExecutionArn: EXECUTION_ARN.replace("exec-1", "gone-9"), steps: ["Train"] } }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "aws-request-failed", awsErrorName: "ValidationException", awsMessage: message });
  });
});
