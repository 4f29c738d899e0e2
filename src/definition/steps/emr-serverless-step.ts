import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, str, strEnum, strMap, type Expression } from "../expressions.js";
import { coded, entryCount, named } from "../rules.js";
import { isLiteral } from "./shared/base-shapes.js";

// Shapes of the EMR Serverless API (emr-serverless 2021-07-13), whose members are camelCase;
// limits are botocore's.

const IAM_ROLE_ARN = /^arn:aws[a-zA-Z0-9-]*:iam::\d{12}:role\/([\x21-\x7F]+\/)?[\w+=,.@-]+$/;
const KMS_KEY_ARN = /^arn:aws[a-zA-Z0-9-]*:kms:[a-zA-Z0-9-]*:\d{12}:key\/[a-zA-Z0-9-]+$/;

const roleArn = () =>
  str({ min: 20, max: 2048, pattern: IAM_ROLE_ARN, patternHint: "must be an IAM role ARN: arn:aws:iam::<account>:role/<name>" });
const kmsKeyArn = () =>
  str({ min: 20, max: 2048, pattern: KMS_KEY_ARN, patternHint: "must be a KMS key ARN: arn:aws:kms:<region>:<account>:key/<id>" });
const applicationId = () =>
  str({ min: 1, max: 64, pattern: /^[0-9a-z]+$/, patternHint: "an EMR Serverless application id is lowercase letters and digits" });
const nonBlank = (max: number) => str({ min: 1, max, pattern: /\S/, patternHint: "must not be blank" });
const tags = () => strMap({ maxEntries: 200, keyMax: 128, valueMax: 256 });
/** A worker type name (`Driver`, `Executor`, …) as a map key. */
const workerType = () => z.string().min(1).max(50);

/** An EMR Serverless `Configuration`: a classification with properties and nested configurations. */
export const EMRServerlessConfiguration = lazySchema(() =>
  strictObject({
    classification: nonBlank(1024),
    properties: strMap({ maxEntries: 100, keyMax: 1024, valueMax: 1024 }).optional(),
    get configurations(): z.ZodOptional<z.ZodArray<typeof EMRServerlessConfiguration>> {
      return z.array(EMRServerlessConfiguration).max(100).optional();
    },
  })
);
export type EMRServerlessConfiguration = z.infer<typeof EMRServerlessConfiguration>;

const MonitoringConfiguration = lazySchema(() =>
  strictObject({
    s3MonitoringConfiguration: strictObject({ logUri: str({ min: 1, max: 10280 }).optional(), encryptionKeyArn: kmsKeyArn().optional() })
      .optional(),
    managedPersistenceMonitoringConfiguration: strictObject({ enabled: bool().optional(), encryptionKeyArn: kmsKeyArn().optional() })
      .optional(),
    cloudWatchLoggingConfiguration: strictObject({
      enabled: bool(),
      logGroupName: str({ min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ }).optional(),
      logStreamNamePrefix: str({ min: 1, max: 512, pattern: /^[^:*]*$/ }).optional(),
      encryptionKeyArn: kmsKeyArn().optional(),
      logTypes: entryCount(
        z.record(workerType(), z.array(str({ min: 1, max: 50 })).min(1).max(5)),
        { min: 1, max: 4 },
        "logTypes (worker types)",
      ).optional(),
    })
      .optional(),
    prometheusMonitoringConfiguration: strictObject({ remoteWriteUrl: str({ min: 1, max: 10280, pattern: /^https:\/\/aps-workspaces\./ }).optional() })
      .optional(),
  })
);

const DiskEncryptionConfiguration = lazySchema(() =>
  strictObject({
    encryptionContext: strMap({ maxEntries: 8, keyMax: 128, valueMax: 384 }).optional(),
    encryptionKeyArn: kmsKeyArn().optional(),
  })
);

const oneDriver = named("emr-serverless-one-driver", (d: { sparkSubmit?: unknown; hive?: unknown }) => (d.sparkSubmit === undefined) !== (d.hive === undefined));

/** `jobDriver`: exactly one of a Spark submit and a Hive query. */
const JobDriver = lazySchema(() =>
  strictObject({
    sparkSubmit: strictObject({
        entryPoint: nonBlank(4096),
        entryPointArguments: z.array(str({ min: 1 })).max(1024).optional(),
        sparkSubmitParameters: nonBlank(102400).optional(),
      })
      .optional(),
    hive: strictObject({
        query: nonBlank(10280),
        initQueryFile: nonBlank(256).optional(),
        parameters: nonBlank(102400).optional(),
      })
      .optional(),
  })
    .refine(
      oneDriver,
      coded("conflicting-members", "jobDriver needs exactly one of sparkSubmit and hive: keep one of them"),
    )
);

/**
 * `JobConfig`: the `StartJobRun` request of the job run, camelCase as the EMR Serverless API
 * spells it. `applicationId` is set only when the step runs on an existing application.
 */
export const EMRServerlessJobConfig = lazySchema(() =>
  strictObject({
    applicationId: applicationId().optional(),
    executionRoleArn: roleArn(),
    jobDriver: JobDriver,
    configurationOverrides: strictObject({
      applicationConfiguration: z.array(EMRServerlessConfiguration).max(100).optional(),
      monitoringConfiguration: MonitoringConfiguration.optional(),
      diskEncryptionConfiguration: DiskEncryptionConfiguration.optional(),
    })
      .optional(),
    executionTimeoutMinutes: int({ min: 0, max: 1000000 }).optional(),
    name: nonBlank(256).optional(),
    tags: tags().optional(),
  })
);
export type EMRServerlessJobConfig = z.infer<typeof EMRServerlessJobConfig>;

const imageConfiguration = () =>
  strictObject({
    imageUri: str({ min: 1, max: 1024 }).optional(),
    applicationLevelDigestResolution: bool().optional(),
  });

const cpu = () => str({ min: 1, max: 15, pattern: /^[1-9][0-9]*(\s)?(vCPU|vcpu|VCPU)?$/, patternHint: "a vCPU count such as \"4 vCPU\"" });
const memory = () => str({ min: 1, max: 15, pattern: /^[1-9][0-9]*(\s)?(GB|gb|gB|Gb)?$/, patternHint: "a size such as \"16 GB\"" });
const disk = () => str({ min: 1, max: 15, pattern: /^[1-9][0-9]*(\s)?(GB|gb|gB|Gb)$/, patternHint: "a size such as \"200 GB\"" });

/**
 * `ApplicationConfig`: the `CreateApplication` request of the application the step creates
 * (without `clientToken`), camelCase as the EMR Serverless API spells it.
 */
export const EMRServerlessApplicationConfig = lazySchema(() =>
  strictObject({
    name: str({ min: 1, max: 64, pattern: /^[A-Za-z0-9._/#-]+$/ }).optional(),
    releaseLabel: str({ min: 1, max: 64, pattern: /^[A-Za-z0-9._/-]+$/ }),
    type: str({ min: 1, max: 64 }),
    initialCapacity: entryCount(
      z.record(
        workerType(),
        strictObject({
          workerCount: int({ min: 1, max: 1000000 }),
          workerConfiguration: strictObject({
            cpu: cpu(),
            memory: memory(),
            disk: disk().optional(),
            diskType: str({ pattern: /^(SHUFFLE_OPTIMIZED|[Ss]huffle_[Oo]ptimized|STANDARD|[Ss]tandard)$/ }).optional(),
          })
            .optional(),
        }),
      ),
      { max: 10 },
      "initialCapacity (worker types)",
    ).optional(),
    maximumCapacity: strictObject({ cpu: cpu(), memory: memory(), disk: disk().optional() }).optional(),
    tags: tags().optional(),
    autoStartConfiguration: strictObject({ enabled: bool().optional() }).optional(),
    autoStopConfiguration: strictObject({ enabled: bool().optional(), idleTimeoutMinutes: int({ min: 1, max: 10080 }).optional() })
      .optional(),
    networkConfiguration: strictObject({
      subnetIds: z.array(str({ min: 1, max: 32 })).max(16).optional(),
      securityGroupIds: z.array(str({ min: 1, max: 32 })).max(5).optional(),
    })
      .optional(),
    architecture: strEnum(["ARM64", "X86_64"]).optional(),
    imageConfiguration: imageConfiguration().optional(),
    workerTypeSpecifications: z
      .record(workerType(), strictObject({ imageConfiguration: imageConfiguration().optional() }))
      .optional(),
    runtimeConfiguration: z.array(EMRServerlessConfiguration).max(100).optional(),
    monitoringConfiguration: MonitoringConfiguration.optional(),
    diskEncryptionConfiguration: DiskEncryptionConfiguration.optional(),
    interactiveConfiguration: strictObject({
      studioEnabled: bool().optional(),
      livyEndpointEnabled: bool().optional(),
      sessionEnabled: bool().optional(),
    })
      .optional(),
    schedulerConfiguration: strictObject({ queueTimeoutMinutes: int().optional(), maxConcurrentRuns: int().optional() })
      .optional(),
    identityCenterConfiguration: strictObject({
      identityCenterInstanceArn: str({ min: 10, max: 1024, pattern: /^arn:aws[a-zA-Z0-9-]*:sso:::instance\// }).optional(),
      userBackgroundSessionsEnabled: bool().optional(),
    })
      .optional(),
    jobLevelCostAllocationConfiguration: strictObject({ enabled: bool().optional() }).optional(),
  })
);
export type EMRServerlessApplicationConfig = z.infer<typeof EMRServerlessApplicationConfig>;

interface ApplicationChoice {
  readonly ApplicationId?: string | Expression | undefined;
  readonly ApplicationConfig?: unknown;
  readonly JobConfig: { readonly applicationId?: string | Expression | undefined };
}
const oneApplication = named("emr-serverless-one-application", (a: ApplicationChoice) => (a.ApplicationId === undefined) !== (a.ApplicationConfig === undefined));
const noApplicationIdForNewApplication = named(
  "emr-serverless-new-application-id",
  (a: ApplicationChoice) => a.ApplicationConfig === undefined || a.JobConfig.applicationId === undefined,
);
const sameApplicationId = named(
  "emr-serverless-same-application-id",
  (a: ApplicationChoice) => !isLiteral(a.ApplicationId) || !isLiteral(a.JobConfig.applicationId) || a.ApplicationId === a.JobConfig.applicationId,
);

/**
 * `EMRServerless` arguments: a job run (`JobConfig`) on an existing application (`ApplicationId`)
 * or on one the step creates (`ApplicationConfig`). `ExecutionRoleArn` is the job's runtime role,
 * which the Python SDK also puts in `JobConfig.executionRoleArn`.
 */
export const EMRServerlessArguments = lazySchema(() =>
  strictObject({
    ExecutionRoleArn: roleArn(),
    JobConfig: EMRServerlessJobConfig,
    ApplicationId: applicationId().optional(),
    ApplicationConfig: EMRServerlessApplicationConfig.optional(),
  })
    .refine(
      oneApplication,
      coded(
        "conflicting-members",
        "an EMRServerless step needs exactly one of ApplicationId (an existing application) and ApplicationConfig (a new one)",
      ),
    )
    .refine(
      noApplicationIdForNewApplication,
      coded(
        "conflicting-members",
        "JobConfig.applicationId cannot name the application that ApplicationConfig creates: remove it",
        ["JobConfig", "applicationId"],
      ),
    )
    .refine(
      sameApplicationId,
      coded(
        "conflicting-members",
        "JobConfig.applicationId must equal ApplicationId: remove it or make them the same",
        ["JobConfig", "applicationId"],
      ),
    )
);
export type EMRServerlessArguments = z.infer<typeof EMRServerlessArguments>;

/** An `EMRServerless` step: starts a job run on an EMR Serverless application and waits for it. */
export const EMRServerlessStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("EMRServerless"),
    Arguments: EMRServerlessArguments,
  }),
  { Type: ["EMRServerless"] },
);
export type EMRServerlessStep = z.infer<typeof EMRServerlessStep>;
