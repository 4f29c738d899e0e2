import { describe, expect, it } from "vitest";
import { compile, pipeline, processingStep, trainingStep } from "sagepipe";

// `raw` is merged over what the options generate; a key set to undefined removes it (issue 12:
// `raw: { StoppingCondition: null }` was refused, and there was no way to leave a generated key out).

const job = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge" } as const;

describe("raw: undefined removes a generated key", () => {
  it("removes a top-level key and keeps the rest", () => {
    // (a Training step's StoppingCondition is written by default, as the Python SDK's estimators write it)
    const kept = trainingStep("T", job).node.arguments as Record<string, unknown>;
    const removed = trainingStep("T", { ...job, raw: { StoppingCondition: undefined } }).node.arguments as Record<string, unknown>;
    expect(kept).toHaveProperty("StoppingCondition");
    expect(removed).not.toHaveProperty("StoppingCondition");
    expect(removed.ResourceConfig).toEqual(kept.ResourceConfig);
    const processing = processingStep("P", { ...job, raw: { AppSpecification: { ImageUri: undefined } } }).node.arguments as { AppSpecification: object };
    expect(processing.AppSpecification).toEqual({});
  });

  it("removes a nested key, and the compiled definition leaves it out", () => {
    const p = pipeline("P").assets({ bucket: "my-bucket" }).add(trainingStep("T", { ...job, raw: { ResourceConfig: { VolumeSizeInGB: undefined }, StoppingCondition: { MaxRuntimeInSeconds: 600 } } }));
    const args = compile(p).definition.Steps[0]?.Arguments as { ResourceConfig: Record<string, unknown>; StoppingCondition: unknown };
    expect(args.ResourceConfig).not.toHaveProperty("VolumeSizeInGB");
    expect(args.ResourceConfig.InstanceType).toBe("ml.m5.xlarge");
    expect(args.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 600 });
  });
});
