import type { StepInvocation, StepResult } from "../engine.js";
import { metricsReports } from "../../runtime/model-metrics.js";
import { LocalRunError, LocalStepError } from "../errors.js";
import { addLocalModelVersion } from "../registry.js";
import { defaultProperties } from "../step-properties.js";
import { type LocalStepContext } from "./context.js";
import { list, record, text } from "../../runtime/json-fields.js";

/**
 * Registers a model version in the local registry (`<workdir>/registry/<group>/<n>.json`): the
 * resolved request, the approval status, and the model metrics read from the reports they point to.
 */
export async function runRegisterModel(invocation: StepInvocation, context: LocalStepContext): Promise<StepResult> {
  const { arguments: args, jobName } = invocation;
  const group = text(args.ModelPackageGroupName) ?? text(args.ModelPackageName) ?? jobName;
  const approvalStatus = text(args.ModelApprovalStatus) ?? "PendingManualApproval";
  const metrics = readMetrics(record(args.ModelMetrics), context);
  const container = list(record(args.InferenceSpecification).Containers)[0];
  const modelDataUrl = text(container?.ModelDataUrl);
  const saved = await addLocalModelVersion(context.workdir, {
    modelPackageGroupName: group,
    approvalStatus,
    ...(modelDataUrl !== undefined ? { modelDataUrl } : {}),
    metrics,
    createdAt: new Date().toISOString(),
    executionId: context.executionId,
    pipelineName: context.pipelineName,
    request: args,
  }).catch((error: unknown) => {
    // a damaged registry fails this step (the run goes on to record it), not the whole run
    throw error instanceof LocalRunError ? new LocalStepError(error.message) : error;
  });
  const { createdAt: _createdAt, executionId: _executionId, pipelineName: _pipelineName, request: _request, ...registeredModel } = saved;
  return {
    properties: {
      ...defaultProperties(invocation),
      ModelPackageArn: saved.modelPackageArn,
      ModelPackageVersion: saved.modelPackageVersion,
      ModelApprovalStatus: approvalStatus,
    },
    details: { registeredModel },
  };
}

/** `{ "ModelQuality.Statistics": <the JSON report>, ... }` for each metrics file in the local store. */
function readMetrics(modelMetrics: Record<string, unknown>, context: LocalStepContext): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const { key, uri } of metricsReports(modelMetrics)) {
    try {
      found[key] = context.store.readJson(uri);
    } catch {
      found[key] = { unreadable: uri };
    }
  }
  return found;
}
