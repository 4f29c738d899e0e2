import { writeFileAtomic } from "./files-atomic.js";
import { join } from "node:path";
import { resourceNameProblem } from "./confine.js";
import { LocalStepError } from "./errors.js";
import type { LocalLambdaHandler } from "./steps/context.js";

/**
 * A local stand-in for the deploy Lambda that `deployStep` calls: it records the deployment (endpoint,
 * model package, instance type) in `<workdir>/endpoints/<EndpointName>.json` and in the run record,
 * instead of creating a SageMaker endpoint.
 *
 * @example
 * ```ts
 * await runLocal(churn, { handlers: { "sagepipe-deploy": localDeployHandler } });
 * ```
 */
export const localDeployHandler: LocalLambdaHandler = async (event, context) => {
  const problem = resourceNameProblem(event.EndpointName, "the deploy handler: EndpointName");
  if (problem !== undefined) throw new LocalStepError(problem);
  const endpointName = typeof event.EndpointName === "string" ? event.EndpointName : context.stepName;
  const deployment = {
    endpointName,
    modelPackageArn: event.ModelPackageArn,
    modelName: event.ModelName,
    endpointConfigName: event.EndpointConfigName,
    instanceType: event.InstanceType,
    initialInstanceCount: event.InitialInstanceCount,
    executionId: context.executionId,
  };
  await writeFileAtomic(join(context.workdir, "endpoints", `${endpointName}.json`), `${JSON.stringify(deployment, null, 2)}\n`);
  context.recordDeployment(deployment);
  return {};
};
