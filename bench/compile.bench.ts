import { bench, describe } from "vitest";
import { compile, pipeline, type PipelineBuilder } from "../src/index.js";

// Compile + validate of generated pipelines; a bare JSON.stringify of the same output is the floor.
// Targets (issue 3): the 50-step pipeline under 1 ms per compile on a 2-core CI machine; growth
// linear in steps.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";

function generate(steps: number): PipelineBuilder {
  let builder = pipeline(`Bench${steps}`).assets({ bucket: "bench-bucket" }).param("Input", "String", { default: "s3://bench-bucket/in/" }) as PipelineBuilder;
  for (let i = 0; i < steps; i++) {
    const name = `Step${i}`;
    const previous = `Step${i - 1}`;
    builder = (builder as unknown as { process: (n: string, b: (ctx: { params: { Input: unknown }; steps: Record<string, { outputs: { out: unknown } }> }) => unknown) => PipelineBuilder }).process(
      name,
      ({ params, steps }) => ({
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1",
        role,
        instanceType: "ml.m5.xlarge",
        inputs: { data: i === 0 ? params.Input : (steps[previous] as { outputs: { out: unknown } }).outputs.out },
        outputs: { out: "/opt/ml/processing/out" },
        environment: { STEP: String(i) },
      }),
    );
  }
  return builder;
}

for (const size of [10, 50, 500, 5000]) {
  const built = generate(size);
  const quotas = { maxSteps: size, maxDefinitionLength: Number.POSITIVE_INFINITY };
  const json = compile(built, { quotas }).json;
  const definition = JSON.parse(json) as unknown;
  describe(`${size} steps`, () => {
    bench(`compile + validate (${size} steps)`, () => {
      compile(built, { quotas });
    }, { time: size >= 5000 ? 2000 : 500 });
    bench(`JSON.stringify floor (${size} steps)`, () => {
      JSON.stringify(definition);
    }, { time: 300 });
  });
}
