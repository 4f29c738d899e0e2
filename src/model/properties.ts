import type { DescribeAutoMLJobResponse, DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeHyperParameterTuningJobResponse, DescribeInferenceComponentOutput, DescribeModelOutput, DescribeModelPackageOutput, DescribeProcessingJobResponse, DescribeTrainingJobResponse, DescribeTransformJobResponse, ListTrainingJobsForHyperParameterTuningJobResponse } from "../aws/sagemaker-shapes.js";
import { resolvePropertyPath, type PropertyKind } from "../definition/properties/resolve-property-path.js";
import { SagepipeError } from "../errors.js";
import { GetValue, type PipelineValue, type ValueKind } from "./expressions.js";

type Scalar = string | number | boolean | Date;
type LeafValue<V> = V extends string | Date ? PipelineValue<string> : V extends number ? PipelineValue<number> : V extends boolean ? PipelineValue<boolean> : never;

/**
 * The typed property tree of an AWS response type: structures by member, lists by index or by
 * element name (`Outputs['train']`, `FinalMetricDataList['accuracy']`), maps by key. Each leaf is a
 * {@link PipelineValue} of the member's type, and any node is itself a value (`{"Get": ...}`).
 */
export type Properties<T> = [NonNullable<T>] extends [Scalar]
  ? LeafValue<NonNullable<T>>
  : NonNullable<T> extends readonly (infer E)[]
    ? [NonNullable<E>] extends [Scalar]
      ? { readonly [index: number]: LeafValue<NonNullable<E>> } & PipelineValue<unknown>
      : { readonly [nameOrIndex: string]: Properties<E>; readonly [index: number]: Properties<E> } & PipelineValue<unknown>
    : NonNullable<T> extends object
      ? string extends keyof NonNullable<T>
        ? { readonly [key: string]: Properties<NonNullable<T>[string & keyof NonNullable<T>]> } & PipelineValue<unknown>
        : { readonly [K in Exclude<keyof NonNullable<T>, "$metadata">]-?: Properties<NonNullable<T>[K]> } & PipelineValue<unknown>
      : PipelineValue<unknown>;

/** What each step type exposes to `{"Get": "Steps.<name>.<path>"}`. */
export interface StepPropertyShapes {
  Training: DescribeTrainingJobResponse;
  Processing: DescribeProcessingJobResponse;
  Transform: DescribeTransformJobResponse;
  Tuning: DescribeHyperParameterTuningJobResponse & ListTrainingJobsForHyperParameterTuningJobResponse;
  Model: DescribeModelOutput;
  RegisterModel: DescribeModelPackageOutput;
  AutoML: DescribeAutoMLJobResponse & {
    BestCandidateProperties: { ModelInsightsJsonReportPath: string; ExplainabilityJsonReportPath: string };
  };
  EndpointConfig: DescribeEndpointConfigOutput;
  Endpoint: DescribeEndpointOutput;
  InferenceComponent: DescribeInferenceComponentOutput;
  Condition: { Outcome: "True" | "False" };
  QualityCheck: {
    CalculatedBaselineConstraints: string;
    CalculatedBaselineStatistics: string;
    BaselineUsedForDriftCheckStatistics: string;
    BaselineUsedForDriftCheckConstraints: string;
  };
  ClarifyCheck: { CalculatedBaselineConstraints: string; BaselineUsedForDriftCheckConstraints: string };
  EMR: {
    Id: string;
    Name: string;
    ActionOnFailure: string;
    ClusterId: string;
    Config: { Jar: string; MainClass: string; Args: string[]; Properties: Record<string, string> };
    Status: {
      State: string;
      StateChangeReason: { Code: string; Message: string };
      FailureDetails: { Reason: string; Message: string; LogFile: string };
      Timeline: { CreationDateTime: Date; StartDateTime: Date; EndDateTime: Date };
    };
  };
  EMRServerless: {
    jobRun: {
      applicationId: string;
      jobRunId: string;
      name: string;
      arn: string;
      state: string;
      stateDetails: string;
      executionRole: string;
      totalExecutionDurationSeconds: number;
    };
  };
}

const kindOfProperty = (kind: PropertyKind): ValueKind =>
  kind === "string" || kind === "timestamp" ? "string" : kind === "number" ? "float" : kind === "boolean" ? "boolean" : "unknown";

const PASS_THROUGH = new Set<PropertyKey>(["then", "toJSON", "asString", "toString", "kind", "reference", "constructor"]);

/**
 * The property tree of step `stepName` of type `stepType`: every member access extends the path
 * and is checked against the AWS response shape, so a misspelled member throws at once (for code
 * that escapes the type checker).
 *
 * @example
 * ```ts
 * stepProperties("Training", "Train").ModelArtifacts.S3ModelArtifacts.toJSON()
 * // {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
 * ```
 */
export function stepProperties<T extends keyof StepPropertyShapes>(
  stepType: T,
  stepName: string,
): Properties<StepPropertyShapes[T]> {
  return propertyNode(stepType, stepName, "", "object") as unknown as Properties<StepPropertyShapes[T]>;
}

function propertyNode(stepType: string, stepName: string, path: string, kind: PropertyKind): GetValue {
  const reference = path === "" ? `Steps.${stepName}` : `Steps.${stepName}.${path}`;
  const target = new GetValue(reference, kindOfProperty(kind));
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === "symbol" || PASS_THROUGH.has(key) || (key in object && !/^[A-Z0-9]/.test(key) && kind !== "list" && kind !== "map")) {
        return Reflect.get(object, key, receiver);
      }
      const segment =
        kind === "list" && /^\d+$/.test(key)
          ? `[${key}]`
          : kind === "list" || kind === "map"
            ? `['${key}']`
            : path === ""
              ? key
              : `.${key}`;
      const next = `${path}${segment}`;
      const resolved = resolvePropertyPath(stepType, next);
      if (!resolved.ok) {
        const expected = resolved.expected.length > 0 ? ` Expected one of: ${resolved.expected.slice(0, 15).join(", ")}` : "";
        throw new SagepipeError(
          "unknown-property",
          `${stepType} step "${stepName}" has no property "${next}".${expected}`,
        );
      }
      return propertyNode(stepType, stepName, next, resolved.kind);
    },
  });
}
