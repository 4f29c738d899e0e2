import { describe, expectTypeOf, it } from "vitest";
import { frameworkModelStep, frameworkProcessingStep, frameworkTrainingStep, pipeline, registerFrameworkModelStep, type PipelineValue } from "sagepipe";

const job = { role: "R", instanceType: "ml.m5.xlarge" } as const;

describe("script mode's types", () => {
  it("takes each framework's versions and distribution strategies", () => {
    frameworkTrainingStep("T", { ...job, framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, entryPoint: "train.py", distribution: { torchDistributed: { enabled: true } } });
    frameworkTrainingStep("T", { ...job, framework: { name: "tensorflow", version: "2.16" }, entryPoint: "train.py", modelDir: false, distribution: { multiWorkerMirroredStrategy: { enabled: true } } });
    frameworkTrainingStep("T", { ...job, framework: { name: "huggingface", version: "4.28", pytorchVersion: "2.0" }, entryPoint: "train.py" });
    frameworkTrainingStep("T", { ...job, image: "my-image", entryPoint: "train.py", hyperparameters: { layers: [64, 32], opts: { a: 1 } } });
    frameworkTrainingStep("T", { ...job, framework: { name: "pytorch", version: "2.3" }, entryPoint: "train.py", hyperparameters: { ordered: new Map([["b", 1], ["1", 2]]) } });
    frameworkProcessingStep("P", { ...job, framework: { name: "sklearn", version: "1.2-1" }, code: "preprocess.py", outputs: { train: "/opt/ml/processing/train" } });
  });

  it("rejects what the framework does not take", () => {
    // @ts-expect-error: not a scikit-learn version
    frameworkTrainingStep("T", { ...job, framework: { name: "sklearn", version: "2.3" }, entryPoint: "train.py" });
    // @ts-expect-error: MXNet takes parameterServer and mpi only
    frameworkTrainingStep("T", { ...job, framework: { name: "mxnet", version: "1.9" }, entryPoint: "train.py", distribution: { torchDistributed: { enabled: true } } });
    // @ts-expect-error: scikit-learn is not distributed
    frameworkTrainingStep("T", { ...job, framework: { name: "sklearn", version: "1.2-1" }, entryPoint: "train.py", distribution: { mpi: { enabled: true } } });
    // @ts-expect-error: model_dir is TensorFlow's
    frameworkTrainingStep("T", { ...job, framework: { name: "pytorch", version: "2.3" }, entryPoint: "train.py", modelDir: false });
    // @ts-expect-error: script mode needs a framework or an image
    frameworkTrainingStep("T", { ...job, entryPoint: "train.py" });
    // @ts-expect-error: the entry point is required
    frameworkTrainingStep("T", { ...job, framework: { name: "pytorch", version: "2.3" } });
    // @ts-expect-error: the processing step's image comes from the framework; command, not entrypoint
    frameworkProcessingStep("P", { ...job, framework: { name: "sklearn", version: "1.2-1" }, code: "p.py", entrypoint: ["python3"] });
  });

  it("keeps the handles typed", () => {
    const p = pipeline("P")
      .add(frameworkProcessingStep("Prep", { ...job, framework: { name: "sklearn", version: "1.2-1" }, code: "p.py", outputs: { train: "/opt/ml/processing/train" } }))
      .add(({ steps }) => frameworkTrainingStep("Train", { ...job, framework: { name: "xgboost", version: "1.7-1" }, entryPoint: "train.py", inputs: { train: steps.Prep.outputs.train }, metrics: { auc: "auc: ([0-9.]+)" } }))
      .add(({ steps }) => {
        expectTypeOf(steps.Train.modelArtifacts).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Train.metrics.auc).toEqualTypeOf<PipelineValue<number>>();
        return frameworkProcessingStep("Eval", { ...job, framework: { name: "sklearn", version: "1.2-1" }, code: "e.py", inputs: { model: steps.Train.modelArtifacts } });
      });
    expectTypeOf(p.name).toEqualTypeOf<string>();
  });

  it("types a framework model's collection by its main step's name", () => {
    pipeline("P")
      .add(frameworkTrainingStep("Train", { ...job, framework: { name: "pytorch", version: "2.3" }, entryPoint: "train.py" }))
      .add(({ steps }) => frameworkModelStep("Model", { framework: { name: "pytorch", version: "2.3" }, modelData: steps.Train.modelArtifacts, entryPoint: "inference.py", role: "R" }))
      .add(({ steps }) => registerFrameworkModelStep("Register", { framework: { name: "pytorch", version: "2.3" }, modelData: steps.Train.modelArtifacts, modelPackageGroup: "g" }))
      .add(({ steps }) => {
        expectTypeOf(steps["Model-CreateModel"].modelName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps["Register-RegisterModel"].modelPackageArn).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: the collection is known by its main step's name
        void steps.Model;
        return frameworkProcessingStep("After", { ...job, framework: { name: "sklearn", version: "1.2-1" }, code: "p.py" });
      });
  });
});
