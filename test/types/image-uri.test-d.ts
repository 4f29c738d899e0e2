import { describe, expectTypeOf, it } from "vitest";
import { imageUri, type ImageFramework } from "sagepipe";

describe("imageUri's types", () => {
  it("takes the frameworks, versions and scopes of the table", () => {
    expectTypeOf(imageUri({ framework: "sklearn", version: "1.2-1", region: "us-east-1" })).toEqualTypeOf<string>();
    imageUri({ framework: "pytorch", version: "2.3", scope: "training", pyVersion: "py311", instanceType: "ml.g5.xlarge", region: "us-east-1" });
    imageUri({ framework: "model-monitor", region: "us-east-1" });
    imageUri({ framework: "huggingface", version: "4.28", baseFrameworkVersion: "pytorch2.0.0", scope: "training", region: "us-east-1" });
    const framework = "xgboost" as ImageFramework;
    imageUri({ framework, region: "us-east-1" });
  });

  it("rejects what the table does not have", () => {
    // @ts-expect-error: not a framework
    imageUri({ framework: "scikit-learn", version: "1.2-1", region: "us-east-1" });
    // @ts-expect-error: not a scikit-learn version
    imageUri({ framework: "sklearn", version: "1.3-1", region: "us-east-1" });
    // @ts-expect-error: a PyTorch version, not a scikit-learn one
    imageUri({ framework: "sklearn", version: "2.3", region: "us-east-1" });
    // @ts-expect-error: scikit-learn has no processing scope
    imageUri({ framework: "sklearn", version: "1.2-1", scope: "processing", region: "us-east-1" });
    // @ts-expect-error: the region is required
    imageUri({ framework: "sklearn", version: "1.2-1" });
    // @ts-expect-error: not an inference tool
    imageUri({ framework: "pytorch", version: "2.3", scope: "inference", inferenceTool: "cuda", region: "us-east-1" });
  });
});
