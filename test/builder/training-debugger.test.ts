import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SagepipeError, compile, importDefinition, join, pipeline, trainingStep } from "sagepipe";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const job = { image: "fakeimage", role: DUMMY_ROLE_ARN, instanceType: "ml.m4.xlarge", outputPath: "s3://my-bucket/" } as const;

const argumentsOf = (definition: { Steps: readonly unknown[] }, index = 0) =>
  (definition.Steps[index] as { Arguments: Record<string, unknown> }).Arguments;

describe("Training step: debugHook and profiler", () => {
  it("write DebugHookConfig and ProfilerConfig as the Python SDK's estimator does (test_steps L295)", () => {
    // given: the SDK's estimator with output_path Join("s3:/", "a", "b") and profiling every 500 ms
    const expected = fixture("test_steps/test_steps__test_training_step_base_estimator__L295.json").Arguments;
    const output = join(["s3:/", "a", "b"], "/");
    // when
    const definition = compile(
      pipeline("P").train("T", {
        ...job,
        debugHook: { s3OutputPath: output, collections: [] },
        profiler: { s3OutputPath: output, intervalMs: 500, disabled: false },
      }),
    ).definition;
    // then
    expect(argumentsOf(definition).DebugHookConfig).toEqual(expected.DebugHookConfig);
    expect(argumentsOf(definition).ProfilerConfig).toEqual(expected.ProfilerConfig);
  });

  it("write collections, hook parameters and the profiler's parameters as string maps; leave out what is not set", () => {
    const args = argumentsOf(
      compile(
        pipeline("P").train("T", {
          ...job,
          debugHook: {
            s3OutputPath: "s3://b/tensors",
            localPath: "/opt/ml/output/tensors",
            hookParameters: { save_interval: "100" },
            collections: [{ name: "weights", parameters: { save_interval: "10" } }, { name: "losses" }],
          },
          profiler: { disabled: true },
        }),
      ).definition,
    );
    expect(args.DebugHookConfig).toEqual({
      S3OutputPath: "s3://b/tensors",
      LocalPath: "/opt/ml/output/tensors",
      HookParameters: { save_interval: "100" },
      CollectionConfigurations: [{ CollectionName: "weights", CollectionParameters: { save_interval: "10" } }, { CollectionName: "losses" }],
    });
    expect(args.ProfilerConfig).toEqual({ DisableProfiler: true });
    expect(argumentsOf(compile(pipeline("P").train("T", job)).definition)).not.toHaveProperty("DebugHookConfig");
  });

  it("a misspelled key inside debugHook or profiler is an unknown-option error naming it", () => {
    const build = (options: object) => () => trainingStep("T", { ...job, ...options } as Parameters<typeof trainingStep>[1]);
    const codeAndMessage = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof SagepipeError ? `${error.code}: ${error.message}` : String(error);
      }
      return "no error";
    };
    expect(codeAndMessage(build({ debugHook: { s3OutputPath: "s3://b/t", colections: [] } }))).toMatch(/^unknown-option: .*"debugHook\.colections".*collections/);
    expect(codeAndMessage(build({ profiler: { intervalMS: 500 } }))).toMatch(/^unknown-option: .*"profiler\.intervalMS".*intervalMs/);
    expect(codeAndMessage(build({ debugHook: { s3OutputPath: "s3://b/t", collections: [{ name: "w", params: {} }] } }))).toMatch(
      /^unknown-option: .*debugHook\.collections\[0\]\.params/,
    );
  });

  it("an imported definition's DebugHookConfig and ProfilerConfig become the options, not raw", () => {
    // given: a definition with both configurations
    const definition = compile(
      pipeline("P").train("T", {
        ...job,
        debugHook: { s3OutputPath: "s3://my-bucket/", hookParameters: { a: "1" }, collections: [{ name: "w" }] },
        profiler: { s3OutputPath: "s3://my-bucket/", intervalMs: 500, disabled: false },
      }),
    ).definition;
    // when
    const imported = importDefinition(definition);
    // then
    expect(imported.rawOptions).toEqual([]);
    expect(imported.code).toContain("debugHook: {");
    expect(imported.code).toContain("profiler: {");
  });
});
