import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, num, str, strEnum, strMap } from "../expressions.js";
import { coded, named } from "../rules.js";

// Shapes of the EMR API (emr 2009-03-31); limits are botocore's. EMR strings are `XmlString`
// (at most 10280 characters) or `XmlStringMaxLen256`.

const text = () => str({ max: 10280 });
const shortText = () => str({ max: 256 });
const emrInstanceType = () => str({ min: 1, max: 256 });
const wholeNumber = () => int({ min: 0 });
const instanceRole = () => strEnum(["MASTER", "CORE", "TASK"]);
const market = () => strEnum(["ON_DEMAND", "SPOT"]);
const spotAllocationStrategy = () =>
  strEnum(["capacity-optimized", "price-capacity-optimized", "lowest-price", "diversified", "capacity-optimized-prioritized"]);
const onDemandAllocationStrategy = () => strEnum(["lowest-price", "prioritized"]);

/** `HadoopJarStepConfig`: the JAR an EMR step runs, with its arguments. */
const HadoopJarStepConfig = lazySchema(() =>
  strictObject({
    Jar: text(),
    Args: z.array(text()).optional(),
    MainClass: text().optional(),
    Properties: z.array(strictObject({ Key: text().optional(), Value: text().optional() })).optional(),
  })
);

/**
 * An EMR `Configuration`: a classification with properties and nested configurations
 * (`spark-defaults`, `hadoop-env`, …).
 */
export const EMRConfiguration = lazySchema(() =>
  strictObject({
    Classification: text().optional(),
    get Configurations(): z.ZodOptional<z.ZodArray<typeof EMRConfiguration>> {
      return z.array(EMRConfiguration).optional();
    },
    Properties: strMap().optional(),
  })
);
export type EMRConfiguration = z.infer<typeof EMRConfiguration>;

const EbsConfiguration = lazySchema(() =>
  strictObject({
    EbsBlockDeviceConfigs: z
      .array(
        strictObject({
          VolumeSpecification: strictObject({
            VolumeType: text(),
            Iops: int().optional(),
            SizeInGB: int(),
            Throughput: wholeNumber().optional(),
          }),
          VolumesPerInstance: int().optional(),
        }),
      )
      .optional(),
    EbsOptimized: bool().optional(),
  })
);

const AutoScalingPolicy = lazySchema(() =>
  strictObject({
    Constraints: strictObject({ MinCapacity: int(), MaxCapacity: int() }),
    Rules: z.array(
      strictObject({
        Name: text(),
        Description: text().optional(),
        Action: strictObject({
          Market: market().optional(),
          SimpleScalingPolicyConfiguration: strictObject({
            AdjustmentType: strEnum(["CHANGE_IN_CAPACITY", "PERCENT_CHANGE_IN_CAPACITY", "EXACT_CAPACITY"]).optional(),
            ScalingAdjustment: int(),
            CoolDown: int().optional(),
          }),
        }),
        Trigger: strictObject({
          CloudWatchAlarmDefinition: strictObject({
            ComparisonOperator: strEnum(["GREATER_THAN_OR_EQUAL", "GREATER_THAN", "LESS_THAN", "LESS_THAN_OR_EQUAL"]),
            EvaluationPeriods: int().optional(),
            MetricName: text(),
            Namespace: text().optional(),
            Period: int(),
            Statistic: strEnum(["SAMPLE_COUNT", "AVERAGE", "SUM", "MINIMUM", "MAXIMUM"]).optional(),
            Threshold: num({ min: 0 }),
            Unit: strEnum([
              "NONE", "SECONDS", "MICRO_SECONDS", "MILLI_SECONDS", "BYTES", "KILO_BYTES", "MEGA_BYTES",
              "GIGA_BYTES", "TERA_BYTES", "BITS", "KILO_BITS", "MEGA_BITS", "GIGA_BITS", "TERA_BITS", "PERCENT",
              "COUNT", "BYTES_PER_SECOND", "KILO_BYTES_PER_SECOND", "MEGA_BYTES_PER_SECOND",
              "GIGA_BYTES_PER_SECOND", "TERA_BYTES_PER_SECOND", "BITS_PER_SECOND", "KILO_BITS_PER_SECOND",
              "MEGA_BITS_PER_SECOND", "GIGA_BITS_PER_SECOND", "TERA_BITS_PER_SECOND", "COUNT_PER_SECOND",
            ]).optional(),
            Dimensions: z.array(strictObject({ Key: text().optional(), Value: text().optional() })).optional(),
          }),
        }),
      }),
    ),
  })
);

/** `InstanceGroupConfig`: one uniform instance group of a cluster. */
const InstanceGroupConfig = lazySchema(() =>
  strictObject({
    Name: shortText().optional(),
    Market: market().optional(),
    InstanceRole: instanceRole(),
    BidPrice: shortText().optional(),
    InstanceType: emrInstanceType(),
    InstanceCount: int(),
    Configurations: z.array(EMRConfiguration).optional(),
    EbsConfiguration: EbsConfiguration.optional(),
    AutoScalingPolicy: AutoScalingPolicy.optional(),
    CustomAmiId: shortText().optional(),
  })
);

const CapacityReservationOptions = lazySchema(() =>
  strictObject({
    UsageStrategy: strEnum(["use-capacity-reservations-first"]).optional(),
    CapacityReservationPreference: strEnum(["open", "none"]).optional(),
    CapacityReservationResourceGroupArn: shortText().optional(),
  })
);

/** `InstanceFleetConfig`: one instance fleet (a mix of instance types) of a cluster. */
const InstanceFleetConfig = lazySchema(() =>
  strictObject({
    Name: shortText().optional(),
    InstanceFleetType: instanceRole(),
    TargetOnDemandCapacity: wholeNumber().optional(),
    TargetSpotCapacity: wholeNumber().optional(),
    InstanceTypeConfigs: z
      .array(
        strictObject({
          InstanceType: emrInstanceType(),
          WeightedCapacity: wholeNumber().optional(),
          BidPrice: shortText().optional(),
          BidPriceAsPercentageOfOnDemandPrice: num({ min: 0 }).optional(),
          EbsConfiguration: EbsConfiguration.optional(),
          Configurations: z.array(EMRConfiguration).optional(),
          CustomAmiId: shortText().optional(),
          Priority: num({ min: 0 }).optional(),
        }),
      )
      .optional(),
    LaunchSpecifications: strictObject({
      SpotSpecification: strictObject({
          TimeoutDurationMinutes: wholeNumber(),
          TimeoutAction: strEnum(["SWITCH_TO_ON_DEMAND", "TERMINATE_CLUSTER"]),
          BlockDurationMinutes: wholeNumber().optional(),
          AllocationStrategy: spotAllocationStrategy().optional(),
        })
        .optional(),
      OnDemandSpecification: strictObject({
          AllocationStrategy: onDemandAllocationStrategy(),
          CapacityReservationOptions: CapacityReservationOptions.optional(),
        })
        .optional(),
    })
      .optional(),
    ResizeSpecifications: strictObject({
      SpotResizeSpecification: strictObject({
          TimeoutDurationMinutes: wholeNumber().optional(),
          AllocationStrategy: spotAllocationStrategy().optional(),
        })
        .optional(),
      OnDemandResizeSpecification: strictObject({
          TimeoutDurationMinutes: wholeNumber().optional(),
          AllocationStrategy: onDemandAllocationStrategy().optional(),
          CapacityReservationOptions: CapacityReservationOptions.optional(),
        })
        .optional(),
    })
      .optional(),
    Context: shortText().optional(),
  })
);

const groupsOrFleets = named(
  "emr-groups-or-fleets",
  (i: { InstanceGroups?: unknown; InstanceFleets?: unknown }) => (i.InstanceGroups === undefined) !== (i.InstanceFleets === undefined),
);

/**
 * `Instances` of a cluster the step creates: `JobFlowInstancesConfig` without
 * `KeepJobFlowAliveWhenNoSteps` and `TerminationProtected` (the service terminates the cluster
 * after the step), with exactly one of `InstanceGroups` and `InstanceFleets`.
 */
const EMRClusterInstances = lazySchema(() =>
  strictObject({
    MasterInstanceType: emrInstanceType().optional(),
    SlaveInstanceType: emrInstanceType().optional(),
    InstanceCount: int().optional(),
    InstanceGroups: z.array(InstanceGroupConfig).optional(),
    InstanceFleets: z.array(InstanceFleetConfig).optional(),
    Ec2KeyName: shortText().optional(),
    Placement: strictObject({
        AvailabilityZone: text().optional(),
        AvailabilityZones: z.array(text()).optional(),
      })
      .optional(),
    UnhealthyNodeReplacement: bool().optional(),
    HadoopVersion: shortText().optional(),
    Ec2SubnetId: shortText().optional(),
    Ec2SubnetIds: z.array(shortText()).optional(),
    EmrManagedMasterSecurityGroup: shortText().optional(),
    EmrManagedSlaveSecurityGroup: shortText().optional(),
    ServiceAccessSecurityGroup: shortText().optional(),
    AdditionalMasterSecurityGroups: z.array(shortText()).optional(),
    AdditionalSlaveSecurityGroups: z.array(shortText()).optional(),
  })
    .refine(
      groupsOrFleets,
      coded("conflicting-members", "Instances needs exactly one of InstanceGroups and InstanceFleets: keep one of them"),
    )
);

/**
 * `ClusterConfig`: the `RunJobFlow` request of a cluster the step creates and terminates, without
 * `Name`, `Steps` and `AutoTerminationPolicy` (the service sets them).
 */
export const EMRClusterConfig = lazySchema(() =>
  strictObject({
    LogUri: text().optional(),
    LogEncryptionKmsKeyId: text().optional(),
    AdditionalInfo: text().optional(),
    AmiVersion: shortText().optional(),
    ReleaseLabel: shortText().optional(),
    Instances: EMRClusterInstances,
    StepExecutionRoleArn: str({ min: 20, max: 2048 }).optional(),
    BootstrapActions: z
      .array(
        strictObject({
          Name: shortText(),
          ScriptBootstrapAction: strictObject({ Path: text(), Args: z.array(text()).optional() }),
        }),
      )
      .optional(),
    SupportedProducts: z.array(shortText()).optional(),
    NewSupportedProducts: z
      .array(strictObject({ Name: shortText().optional(), Args: z.array(text()).optional() }))
      .optional(),
    Applications: z
      .array(
        strictObject({
          Name: str().optional(),
          Version: str().optional(),
          Args: z.array(str()).optional(),
          AdditionalInfo: strMap().optional(),
        }),
      )
      .optional(),
    Configurations: z.array(EMRConfiguration).optional(),
    VisibleToAllUsers: bool().optional(),
    JobFlowRole: text().optional(),
    ServiceRole: text().optional(),
    Tags: z.array(strictObject({ Key: str().optional(), Value: str().optional() })).optional(),
    SecurityConfiguration: text().optional(),
    AutoScalingRole: text().optional(),
    ScaleDownBehavior: strEnum(["TERMINATE_AT_INSTANCE_HOUR", "TERMINATE_AT_TASK_COMPLETION"]).optional(),
    CustomAmiId: shortText().optional(),
    EbsRootVolumeSize: int().optional(),
    RepoUpgradeOnBoot: strEnum(["SECURITY", "NONE"]).optional(),
    KerberosAttributes: strictObject({
      Realm: shortText(),
      KdcAdminPassword: shortText(),
      CrossRealmTrustPrincipalPassword: shortText().optional(),
      ADDomainJoinUser: shortText().optional(),
      ADDomainJoinPassword: shortText().optional(),
    })
      .optional(),
    StepConcurrencyLevel: int({ min: 1, max: 256 }).optional(),
    ManagedScalingPolicy: strictObject({
      ComputeLimits: strictObject({
          UnitType: strEnum(["InstanceFleetUnits", "Instances", "VCPU"]),
          MinimumCapacityUnits: int(),
          MaximumCapacityUnits: int(),
          MaximumOnDemandCapacityUnits: int().optional(),
          MaximumCoreCapacityUnits: int().optional(),
        })
        .optional(),
      UtilizationPerformanceIndex: int({ min: 1, max: 100 }).optional(),
      ScalingStrategy: strEnum(["DEFAULT", "ADVANCED"]).optional(),
    })
      .optional(),
    PlacementGroupConfigs: z
      .array(
        strictObject({
          InstanceRole: instanceRole(),
          PlacementStrategy: strEnum(["SPREAD", "PARTITION", "CLUSTER", "NONE"]).optional(),
        }),
      )
      .optional(),
    OSReleaseLabel: shortText().optional(),
    EbsRootVolumeIops: int().optional(),
    EbsRootVolumeThroughput: int().optional(),
    ExtendedSupport: bool().optional(),
    MonitoringConfiguration: strictObject({
      CloudWatchLogConfiguration: strictObject({
          Enabled: bool(),
          LogGroupName: text().optional(),
          LogStreamNamePrefix: text().optional(),
          EncryptionKeyArn: text().optional(),
          LogTypes: z.record(z.string(), z.array(text())).optional(),
        })
        .optional(),
      S3LoggingConfiguration: strictObject({
          LogTypeUploadPolicy: z
            .partialRecord(
              z.enum(["system-logs", "application-logs", "persistent-ui-logs"]),
              strEnum(["emr-managed", "on-customer-s3only", "disabled"]),
            )
            .optional(),
        })
        .optional(),
    })
      .optional(),
    SessionEnabled: bool().optional(),
  })
);
export type EMRClusterConfig = z.infer<typeof EMRClusterConfig>;

const oneCluster = named("emr-one-cluster", (a: { ClusterId?: unknown; ClusterConfig?: unknown }) => (a.ClusterId === undefined) !== (a.ClusterConfig === undefined));
const roleOnlyWithClusterId = named(
  "emr-role-with-cluster-id",
  (a: { ExecutionRoleArn?: unknown; ClusterId?: unknown }) => a.ExecutionRoleArn === undefined || a.ClusterId !== undefined,
);

/**
 * `EMR` arguments: one Hadoop JAR step (`StepConfig`; the service names it) on a running cluster
 * (`ClusterId`, optionally as the runtime role `ExecutionRoleArn`) or on a cluster the step
 * creates (`ClusterConfig`).
 */
export const EMRArguments = lazySchema(() =>
  strictObject({
    StepConfig: strictObject({ HadoopJarStep: HadoopJarStepConfig }),
    ClusterId: str({ min: 1, max: 256 }).optional(),
    ClusterConfig: EMRClusterConfig.optional(),
    ExecutionRoleArn: str({ min: 20, max: 2048 }).optional(),
  })
    .refine(
      oneCluster,
      coded(
        "conflicting-members",
        "an EMR step needs exactly one of ClusterId (a running cluster) and ClusterConfig (a new cluster)",
      ),
    )
    .refine(
      roleOnlyWithClusterId,
      coded(
        "conflicting-members",
        "ExecutionRoleArn applies only with ClusterId: remove it or run on an existing cluster",
        ["ExecutionRoleArn"],
      ),
    )
);
export type EMRArguments = z.infer<typeof EMRArguments>;

/** An `EMR` step: adds a step to an EMR cluster (a running one or one it creates) and waits for it. */
export const EMRStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("EMR"),
    Arguments: EMRArguments,
  }),
  { Type: ["EMR"] },
);
export type EMRStep = z.infer<typeof EMRStep>;
