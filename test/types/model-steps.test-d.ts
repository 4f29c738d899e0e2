import type {
  CreateCustomModelDeploymentRequest,
  CreateCustomModelRequest,
  CreateModelImportJobRequest,
  CreateProvisionedModelThroughputRequest,
} from "@aws-sdk/client-bedrock";
import type {
  AddAssociationRequest,
  ContainerDefinition,
  CreateActionRequest,
  CreateArtifactRequest,
  CreateAutoMLJobRequest,
  CreateContextRequest,
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateInferenceComponentInput,
  CreateModelInput,
  CreateModelPackageInput,
  InferenceComponentSpecification,
  ModelPackageContainerDefinition,
  ProductionVariant as AwsProductionVariant,
} from "@aws-sdk/client-sagemaker";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AutoMLArguments,
  BedrockCustomModelArguments,
  BedrockCustomModelDeploymentArguments,
  BedrockModelImportArguments,
  BedrockProvisionedModelThroughputArguments,
  EndpointArguments,
  EndpointConfigArguments,
  Expression,
  InferenceComponentArguments,
  LineageArguments,
  ModelArguments,
  ProductionVariant,
  RegisterModelArguments,
} from "sagepipe";

type Element<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;

describe("model and registry steps cover their AWS requests", () => {
  it("Model = CreateModel (ModelName kept, optional)", () => {
    expectTypeOf<keyof ModelArguments>().toEqualTypeOf<keyof CreateModelInput>();
    expectTypeOf<keyof NonNullable<ModelArguments["PrimaryContainer"]>>().toEqualTypeOf<keyof ContainerDefinition>();
    expectTypeOf<ModelArguments["ModelName"]>().toEqualTypeOf<string | Expression | undefined>();
    expectTypeOf<NonNullable<ModelArguments["ExecutionRoleArn"]>>().toEqualTypeOf<string | Expression>();
  });

  it("RegisterModel = CreateModelPackage minus CertifyForMarketplace", () => {
    type Dropped = "CertifyForMarketplace";
    expectTypeOf<Exclude<keyof RegisterModelArguments, Dropped>>().toEqualTypeOf<Exclude<keyof CreateModelPackageInput, Dropped>>();
    expectTypeOf<RegisterModelArguments["CertifyForMarketplace"]>().toEqualTypeOf<undefined>();
    type Container = Element<NonNullable<RegisterModelArguments["InferenceSpecification"]>["Containers"]>;
    expectTypeOf<keyof Container>().toEqualTypeOf<keyof ModelPackageContainerDefinition>();
    expectTypeOf<NonNullable<RegisterModelArguments["ModelApprovalStatus"]>>().toEqualTypeOf<
      "Approved" | "Rejected" | "PendingManualApproval" | Expression
    >();
  });

  it("AutoML = CreateAutoMLJob minus ModelDeployConfig and GenerateCandidateDefinitionsOnly", () => {
    type Dropped = "ModelDeployConfig" | "GenerateCandidateDefinitionsOnly";
    expectTypeOf<Exclude<keyof AutoMLArguments, Dropped>>().toEqualTypeOf<Exclude<keyof CreateAutoMLJobRequest, Dropped>>();
    expectTypeOf<AutoMLArguments["ModelDeployConfig"]>().toEqualTypeOf<undefined>();
    expectTypeOf<AutoMLArguments["AutoMLJobConfig"]["Mode"]>().toEqualTypeOf<
      "AUTO" | "ENSEMBLING" | "HYPERPARAMETER_TUNING" | Expression
    >();
    expectTypeOf<AutoMLArguments["RoleArn"]>().toEqualTypeOf<string | Expression>();
  });
});

describe("hosting steps cover their AWS requests", () => {
  it("EndpointConfig = CreateEndpointConfig minus DataCaptureConfig and ExplainerConfig", () => {
    type Dropped = "DataCaptureConfig" | "ExplainerConfig";
    expectTypeOf<Exclude<keyof EndpointConfigArguments, Dropped>>().toEqualTypeOf<Exclude<keyof CreateEndpointConfigInput, Dropped>>();
    expectTypeOf<EndpointConfigArguments["DataCaptureConfig"]>().toEqualTypeOf<undefined>();
    expectTypeOf<EndpointConfigArguments["ExplainerConfig"]>().toEqualTypeOf<undefined>();
    expectTypeOf<keyof ProductionVariant>().toEqualTypeOf<keyof AwsProductionVariant>();
    expectTypeOf<NonNullable<ProductionVariant["InstanceType"]>>().toEqualTypeOf<string | Expression>();
    expectTypeOf<NonNullable<ProductionVariant["InitialInstanceCount"]>>().toEqualTypeOf<number | Expression>();
  });

  it("Endpoint = CreateEndpoint minus DeploymentConfig", () => {
    expectTypeOf<Exclude<keyof EndpointArguments, "DeploymentConfig">>().toEqualTypeOf<Exclude<keyof CreateEndpointInput, "DeploymentConfig">>();
    expectTypeOf<EndpointArguments["DeploymentConfig"]>().toEqualTypeOf<undefined>();
    expectTypeOf<EndpointArguments["EndpointName"]>().toEqualTypeOf<string | Expression>();
  });

  it("InferenceComponent = CreateInferenceComponent", () => {
    expectTypeOf<keyof InferenceComponentArguments>().toEqualTypeOf<keyof CreateInferenceComponentInput>();
    expectTypeOf<keyof NonNullable<InferenceComponentArguments["Specification"]>>().toEqualTypeOf<
      keyof InferenceComponentSpecification
    >();
  });
});

describe("Lineage lists the Create* requests", () => {
  it("has the four lists and the request shapes", () => {
    expectTypeOf<keyof LineageArguments>().toEqualTypeOf<"Actions" | "Artifacts" | "Contexts" | "Associations">();
    expectTypeOf<keyof Element<LineageArguments["Actions"]>>().toEqualTypeOf<keyof CreateActionRequest>();
    expectTypeOf<keyof Element<LineageArguments["Artifacts"]>>().toEqualTypeOf<keyof CreateArtifactRequest>();
    expectTypeOf<keyof Element<LineageArguments["Contexts"]>>().toEqualTypeOf<keyof CreateContextRequest>();
    // Associations are not AddAssociation requests: endpoints name entities of the same step.
    expectTypeOf<keyof Element<LineageArguments["Associations"]>>().toEqualTypeOf<
      "Source" | "Destination" | Extract<keyof AddAssociationRequest, "AssociationType">
    >();
  });
});

describe("Bedrock steps use the Bedrock requests with PascalCase keys", () => {
  it("covers every request member", () => {
    expectTypeOf<keyof BedrockCustomModelArguments>().toEqualTypeOf<Capitalize<keyof CreateCustomModelRequest>>();
    expectTypeOf<keyof BedrockCustomModelDeploymentArguments>().toEqualTypeOf<
      Capitalize<keyof CreateCustomModelDeploymentRequest>
    >();
    expectTypeOf<keyof BedrockModelImportArguments>().toEqualTypeOf<Capitalize<keyof CreateModelImportJobRequest>>();
    expectTypeOf<keyof BedrockProvisionedModelThroughputArguments>().toEqualTypeOf<
      Capitalize<keyof CreateProvisionedModelThroughputRequest>
    >();
  });

  it("takes strings, numbers or expressions in leaves", () => {
    expectTypeOf<BedrockCustomModelArguments["ModelName"]>().toEqualTypeOf<string | Expression>();
    expectTypeOf<BedrockProvisionedModelThroughputArguments["ModelUnits"]>().toEqualTypeOf<number | Expression>();
    expectTypeOf<BedrockModelImportArguments["ModelDataSource"]["S3DataSource"]["S3Uri"]>().toEqualTypeOf<string | Expression>();
  });
});
