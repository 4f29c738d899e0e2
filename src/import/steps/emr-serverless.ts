import { isObject } from "../../validate/step-index.js";
import { entries } from "../code.js";
import { objectAt, option, type Lifter } from "./shared.js";

/** An EMR Serverless step: `.emrServerless`, on an existing application or one it creates. */
export const liftEMRServerless: Lifter = ({ args, values }) => {
  const job = objectAt(args, "JobConfig");
  const driver = objectAt(job, "jobDriver");
  if (args.ExecutionRoleArn === undefined || Object.keys(driver).length !== 1) return undefined;
  return {
    method: "emrServerless",
    options: entries([
      ["applicationId", args.ApplicationId === undefined ? undefined : values.value(args.ApplicationId)],
      ["applicationConfig", isObject(args.ApplicationConfig) ? values.value(args.ApplicationConfig) : undefined],
      ["executionRoleArn", values.value(args.ExecutionRoleArn)],
      ["sparkSubmit", isObject(driver.sparkSubmit) ? values.value(driver.sparkSubmit) : undefined],
      ["hive", isObject(driver.hive) ? values.value(driver.hive) : undefined],
      ["configurationOverrides", isObject(job.configurationOverrides) ? values.value(job.configurationOverrides) : undefined],
      option("executionTimeoutMinutes", job.executionTimeoutMinutes, values),
      option("jobName", job.name, values),
      ["tags", isObject(job.tags) ? values.value(job.tags) : undefined],
    ]),
    handle: {},
  };
};
