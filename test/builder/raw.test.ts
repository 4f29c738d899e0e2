import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, execution, join, pipeline } from "sagepipe";
import { rawStep } from "../../src/builder/steps/raw.js";
import { rawTrainingPipeline } from "../fixtures/pipelines/raw-training-l295.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (dir: string, file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${dir}/${file}`, import.meta.url), "utf8")));

const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;
const functionArn = "arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda";

describe("rawStep", () => {
  it("compiles a fully raw Training step to what the Python SDK emits (test_steps L295)", () => {
    // given: the fixture's parameters and the steps it depends on
    const p = rawTrainingPipeline("Raw");
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[2]).toStrictEqual(fixture("test_steps", "test_steps__test_training_step_base_estimator__L295.json"));
  });

  it("rejects an unknown Arguments key at compile time, with the issue listed", () => {
    const p = pipeline("Raw").add(
      rawStep("Notify", "Fail", {
        // @ts-expect-error: ErrorMesage is not a key of Fail's Arguments
        arguments: { ErrorMessage: "stop", ErrorMesage: "typo" },
      }),
    );
    const error = (() => {
      try {
        p.compile();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CompileError);
    const issues = (error as CompileError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "unknown-key", step: "Notify" });
    expect(issues[0]?.path).toContain("ErrorMesage");
  });

  it("emits step-level keys in the Python SDK's order and types Lambda outputs", () => {
    // given
    const p = pipeline("Raw")
      .add(
        rawStep("MyLambda", "Lambda", {
          OutputParameters: [{ OutputName: "count", OutputType: "Integer" }, { OutputName: "label" }],
          FunctionArn: functionArn,
          arguments: { run: execution.PipelineExecutionId, arg2: ["a", "b"] },
          cache: true,
        }),
      )
      .add(({ steps }) => rawStep("Stop", "Fail", { arguments: { ErrorMessage: join`count ${steps.MyLambda.outputs.count} of ${steps.MyLambda.outputs.label}` } }));
    // when
    const { definition, json } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "MyLambda",
      Type: "Lambda",
      Arguments: { run: { Get: "Execution.PipelineExecutionId" }, arg2: ["a", "b"] },
      CacheConfig: { Enabled: true },
      FunctionArn: functionArn,
      OutputParameters: [{ OutputName: "count", OutputType: "Integer" }, { OutputName: "label" }],
    });
    expect(Object.keys(JSON.parse(json).Steps[0])).toStrictEqual(["Name", "Type", "Arguments", "CacheConfig", "FunctionArn", "OutputParameters"]);
    expect(definition.Steps[1]).toStrictEqual({
      Name: "Stop",
      Type: "Fail",
      Arguments: {
        ErrorMessage: {
          "Std:Join": {
            On: "",
            Values: ["count ", { Get: "Steps.MyLambda.OutputParameters['count']" }, " of ", { Get: "Steps.MyLambda.OutputParameters['label']" }],
          },
        },
      },
    });
  });

  it("gives Lambda and Callback steps empty Arguments when none are given", () => {
    const queue = "https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue";
    const { definition } = pipeline("Raw").add(rawStep("Wait", "Callback", { SqsQueueUrl: queue })).compile();
    expect(definition.Steps[0]).toStrictEqual({ Name: "Wait", Type: "Callback", Arguments: {}, SqsQueueUrl: queue });
  });

  it("declares Processing property files and reads them", () => {
    // given
    const p = pipeline("Raw")
      .add(
        rawStep("Evaluate", "Processing", {
          arguments: {
            ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
            AppSpecification: { ImageUri: job.image },
            RoleArn: job.role,
            ProcessingOutputConfig: {
              Outputs: [{ OutputName: "evaluation", S3Output: { S3Uri: "s3://my-bucket/eval", LocalPath: "/opt/ml/processing/evaluation", S3UploadMode: "EndOfJob" } }],
            },
          },
          PropertyFiles: [{ PropertyFileName: "report", OutputName: "evaluation", FilePath: "evaluation.json" }],
        }),
      )
      .when("Check", ({ steps }) => steps.Evaluate.propertyFiles.report.get("accuracy").gte(0.8))
      .add(({ steps }) => rawStep("Stop", "Fail", { arguments: { ErrorMessage: steps.Evaluate.properties.ProcessingJobName } }))
      .end();
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toMatchObject({
      PropertyFiles: [{ PropertyFileName: "report", OutputName: "evaluation", FilePath: "evaluation.json" }],
    });
    expect(definition.Steps[1]).toMatchObject({
      Arguments: {
        Conditions: [
          {
            Type: "GreaterThanOrEqualTo",
            LeftValue: { "Std:JsonGet": { PropertyFile: { Get: "Steps.Evaluate.PropertyFiles.report" }, Path: "accuracy" } },
            RightValue: 0.8,
          },
        ],
        IfSteps: [{ Name: "Stop", Type: "Fail", Arguments: { ErrorMessage: { Get: "Steps.Evaluate.ProcessingJobName" } } }],
      },
    });
  });

  it("builds types without an AWS request shape from the definition format (EMR)", () => {
    // given
    const p = pipeline("Raw")
      .add(
        rawStep("Spark", "EMR", {
          arguments: { ClusterId: "j-1K48XXXXXXHCB", StepConfig: { HadoopJarStep: { Jar: join`s3://my-bucket/${execution.PipelineName}.jar`, Args: ["--x", "1"] } } },
          retry: [{ exceptions: ["Step.SERVICE_FAULT"], maxAttempts: 3 }],
        }),
      )
      .add(({ steps }) => rawStep("Stop", "Fail", { arguments: { ErrorMessage: steps.Spark.properties.Status.State } }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Spark",
      Type: "EMR",
      Arguments: {
        ClusterId: "j-1K48XXXXXXHCB",
        StepConfig: { HadoopJarStep: { Jar: { "Std:Join": { On: "", Values: ["s3://my-bucket/", { Get: "Execution.PipelineName" }, ".jar"] } }, Args: ["--x", "1"] } },
      },
      RetryPolicies: [{ ExceptionType: ["Step.SERVICE_FAULT"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
    });
    expect(definition.Steps[1]).toMatchObject({ Arguments: { ErrorMessage: { Get: "Steps.Spark.Status.State" } } });
  });

  it("does not share its arguments with the caller", () => {
    const args = { ErrorMessage: "stop" };
    const step = rawStep("Stop", "Fail", { arguments: args });
    args.ErrorMessage = "changed";
    expect(step.node.arguments).toStrictEqual({ ErrorMessage: "stop" });
    expect(Object.isFrozen(step.node.arguments)).toBe(true);
  });

  it("rejects what it cannot build, saying what to use instead", () => {
    const reject = (build: () => unknown, code: string, message: RegExp) => {
      expect(build).toThrow(SagepipeError);
      expect(build).toThrow(message);
      try {
        build();
      } catch (e) {
        expect((e as SagepipeError).code).toBe(code);
      }
    };
    // @ts-expect-error: Condition steps are built with .when()
    reject(() => rawStep("C", "Condition", { arguments: { Conditions: [] } }), "invalid-step-type", /\.when\("C", condition\)/);
    // @ts-expect-error: not a step type
    reject(() => rawStep("X", "Notebook", { arguments: {} }), "unknown-step-type", /"Notebook" is not a step type/);
    // @ts-expect-error: arguments are required for a Training step
    reject(() => rawStep("T", "Training", {}), "missing-arguments", /needs `arguments`/);
    // @ts-expect-error: the envelope is set with the common options
    reject(() => rawStep("F", "Fail", { arguments: { ErrorMessage: "x" }, DependsOn: ["A"] }), "invalid-option", /DependsOn .* set it with dependsOn/);
    // @ts-expect-error: step-level keys are PascalCase
    reject(() => rawStep("L", "Lambda", { functionArn }), "unknown-option", /unknown option "functionArn"/);
  });
});
