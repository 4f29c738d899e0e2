/**
 * The churn flow with a champion/challenger gate: a new model is registered (and deployed) only when
 * its accuracy reaches the fixed bar AND the accuracy of the model currently approved in
 * "churn-models" — accuracy >= max(AccuracyThreshold, BaselineAccuracy), as two conditions.
 *
 * The champion's accuracy is resolved when the run STARTS and passed as the BaselineAccuracy
 * parameter, so the value a run compared with is fixed, recorded in the execution's parameters and
 * visible in its lineage (a lookup inside the run would need a Lambda, and could change mid-run):
 *
 *   const params = await championParameters(champion, {
 *     group: "churn-models", metric: "metrics.accuracy.value", parameter: "BaselineAccuracy", fallback: 0,
 *   });
 *   await start(champion, { params });                 // e.g. { BaselineAccuracy: 0.92 }
 *
 * From a shell or CI, the same with the CLI (the number alone goes to stdout):
 *
 *   npx sagepipe start examples/churn/champion.ts \
 *     --param BaselineAccuracy=$(npx sagepipe registry champion churn-models --metric metrics.accuracy.value --fallback 0)
 *
 * Locally, the champion comes from the local registry that `run --local` registers into
 * (`localChampionMetric(workdir, {...})`, or `registry champion --workdir examples/churn/.sagepipe`).
 * BaselineAccuracy defaults to 0: without a champion, only the fixed threshold applies.
 */
import { failStep, join } from "sagepipe";
import { churnFlow, deployChurnModel, registerChurnModel } from "./flow.js";

export default churnFlow("ChurnChampionPipeline")
  /** The champion's accuracy, resolved at start (championParameters); 0 when there is none. */
  .param("BaselineAccuracy", "Float", { default: 0 })
  // accuracy >= max(threshold, baseline): the Condition step AND-s its list of conditions
  .when("BeatsChampion", ({ params, steps }) => {
    const accuracy = steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value");
    return [accuracy.gte(params.AccuracyThreshold), accuracy.gte(params.BaselineAccuracy)];
  })
  .register("RegisterModel", registerChurnModel)
  .deploy("DeployModel", deployChurnModel)
  .otherwise(({ params, steps }) =>
    failStep(
      "NotBetterThanChampion",
      join`model accuracy ${steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value")} is below max(threshold ${params.AccuracyThreshold}, champion accuracy ${params.BaselineAccuracy})`,
    ),
  );

/** As for pipeline.ts: raw data from ./data, the deploy Lambda replaced by a local recorder. */
export { local } from "./pipeline.js";
