/**
 * Every step `Type` of the definition format, with what the service lets it carry.
 *
 * Retry: the types the SageMaker docs list as retryable, plus EMR, EMRServerless and EndpointConfig,
 * which the Python SDK lets take `RetryPolicies`. Cache: the types the docs list as cacheable, plus
 * Lambda, Callback, Endpoint, EndpointConfig and EMRServerless, for which the Python SDK sends
 * `CacheConfig`.
 */
export const STEP_CAPABILITIES = {
  Processing: { retry: true, cache: true },
  Training: { retry: true, cache: true },
  Transform: { retry: true, cache: true },
  Tuning: { retry: true, cache: true },
  Model: { retry: true, cache: false },
  RegisterModel: { retry: true, cache: false },
  Condition: { retry: false, cache: false },
  Fail: { retry: false, cache: false },
  Lambda: { retry: false, cache: true },
  Callback: { retry: false, cache: true },
  QualityCheck: { retry: false, cache: true },
  ClarifyCheck: { retry: false, cache: true },
  EMR: { retry: true, cache: true },
  EMRServerless: { retry: true, cache: true },
  AutoML: { retry: true, cache: true },
  EndpointConfig: { retry: true, cache: true },
  Endpoint: { retry: false, cache: true },
  InferenceComponent: { retry: false, cache: false },
  Lineage: { retry: false, cache: false },
  BedrockCustomModel: { retry: false, cache: false },
  BedrockCustomModelDeployment: { retry: false, cache: false },
  BedrockModelImport: { retry: false, cache: false },
  BedrockProvisionedModelThroughput: { retry: false, cache: false },
} as const satisfies Record<string, { retry: boolean; cache: boolean }>;

/** A step `Type` of the definition format. */
export type StepType = keyof typeof STEP_CAPABILITIES;

export const STEP_TYPES = Object.keys(STEP_CAPABILITIES) as StepType[];
