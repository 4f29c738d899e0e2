import { describe, expectTypeOf, it } from "vitest";
import { pipeline, trainingStep, type DebugHookOptions, type ProfilerOptions } from "sagepipe";
import { tuningStep } from "../../src/builder/steps/tuning.js";

const job = { image: "img", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge" } as const;

describe("Training step debugHook and profiler types", () => {
  it("take the Debugger and profiler options, typed", () => {
    pipeline("P").train("T", { ...job, debugHook: { s3OutputPath: "s3://b/t", collections: [{ name: "weights" }] }, profiler: { intervalMs: 500 } });
    expectTypeOf<DebugHookOptions["s3OutputPath"]>().not.toBeNever();
    expectTypeOf<ProfilerOptions["disabled"]>().not.toBeNever();
  });

  it("refuse what SageMaker refuses and what a tuning job does not have", () => {
    // @ts-expect-error: a profiling interval SageMaker does not offer
    trainingStep("T", { ...job, profiler: { intervalMs: 300 } });
    // @ts-expect-error: the hook needs its S3 output path
    trainingStep("T", { ...job, debugHook: { collections: [] } });
    // @ts-expect-error: a misspelled key inside the hook
    trainingStep("T", { ...job, debugHook: { s3OutputPath: "s3://b/t", colections: [] } });
    tuningStep("Tune", {
      // @ts-expect-error: a tuning job's training definition has no DebugHookConfig
      training: { ...job, debugHook: { s3OutputPath: "s3://b/t" } },
      objective: { metric: "validation:auc" },
      ranges: { eta: { continuous: [0.1, 0.5] } },
    });
  });
});
