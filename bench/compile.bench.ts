import { bench, describe } from "vitest";
import { compile, pipeline, processingStep, type PipelineBuilder, type PipelineNode, type PipelineValue } from "../src/index.js";

// Compile + validate of generated pipelines; a bare JSON.stringify of the same output is the floor.
// Targets (issue 3): the 50-step pipeline under 1 ms per compile on a 2-core CI machine; growth
// linear in steps.
//
// Two cases per size, because compile remembers the steps of the pipelines it compiled:
// - "first compile": each iteration compiles a pipeline compile has never seen (the pipeline's node
//   with its step nodes copied, same content, in the timed function: "making new step nodes" says
//   what the copy costs; building the fluent chain again would time the builder too), so the whole document
//   goes through the schema check. What a pipeline costs the first time in a warmed-up process.
//   (Copies made ahead of the timing, hundreds at a time, would sit in the young generation and
//   make every scavenge of the timed runs copy them.)
// - "compile again": the same pipeline compiled repeatedly (watch mode, tests, diff then deploy).
//   Unchanged steps skip the schema check; everything else (assembling, string coercion, JSON,
//   the semantic checks of the whole document) runs every time.
// The mean includes garbage-collection pauses (p99); the floor says how fast the machine is.
// "building the fluent chain" times the builder itself (pipeline().param().process()...): linear
// in steps too.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";

function generate(steps: number): PipelineBuilder {
  // a generated chain, each step reading the one before: the builder variable keeps the parameters'
  // types, and each step's typed handle is kept from the iteration that made it (README: "Pipelines
  // built in a loop")
  let builder: PipelineBuilder<{ readonly Input: "String" }> = pipeline(`Bench${steps}`)
    .assets({ bucket: "bench-bucket" })
    .param("Input", "String", { default: "s3://bench-bucket/in/" });
  let previous: PipelineValue<string> | undefined;
  for (let i = 0; i < steps; i++) {
    builder = builder.add(({ params }) => {
      const step = processingStep(`Step${i}`, {
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1",
        role,
        instanceType: "ml.m5.xlarge",
        inputs: { data: previous ?? params.Input },
        outputs: { out: "/opt/ml/processing/out" },
        environment: { STEP: String(i) },
      });
      previous = step.handle.outputs.out;
      return step;
    });
  }
  return builder;
}

/** A new pipeline node with new step nodes of the same content: compile has never seen them. */
function withNewStepNodes(node: PipelineNode): PipelineNode {
  return { ...node, steps: node.steps.map((placed) => ({ ...placed, node: { ...placed.node } })) };
}

interface Prepared {
  readonly built: PipelineBuilder;
  readonly node: PipelineNode;
  readonly quotas: { readonly maxSteps: number; readonly maxDefinitionLength: number };
  readonly definition: unknown;
}

function prepare(size: number): Prepared {
  const built = generate(size);
  const quotas = { maxSteps: size, maxDefinitionLength: Number.POSITIVE_INFINITY };
  return { built, node: built.toNode(), quotas, definition: JSON.parse(compile(built, { quotas }).json) as unknown };
}

// One size's pipelines exist at a time, made when its benchmarks first run: the heap a benchmark
// runs in (which the garbage collector walks) is not the 5,000-step pipeline's.
let current: { readonly size: number; readonly prepared: Prepared } | undefined;

function preparedFor(size: number): Prepared {
  if (current?.size !== size) {
    current = undefined;
    current = { size, prepared: prepare(size) };
  }
  return current.prepared;
}

for (const size of [10, 50, 500, 5000]) {
  const get = () => preparedFor(size);
  describe(`${size} steps`, () => {
    // a new pipeline node with new step nodes each time (a shallow copy of the node and its step
    // nodes, about 1% of the time, see "making new step nodes"): compile has never seen it
    bench(`first compile, new steps (${size} steps)`, () => {
      compile(withNewStepNodes(get().node), { quotas: get().quotas });
    }, { time: size >= 5000 ? 2000 : 1000, warmupTime: 300 });
    bench(`compile again, same steps (${size} steps)`, () => {
      compile(get().built, { quotas: get().quotas });
    }, { time: size >= 5000 ? 2000 : 500 });
    bench(`building the fluent chain (${size} steps)`, () => {
      generate(size);
    }, { time: size >= 5000 ? 1000 : 300 });
    bench(`making new step nodes (${size} steps)`, () => {
      withNewStepNodes(get().node);
    }, { time: 100 });
    bench(`JSON.stringify floor (${size} steps)`, () => {
      JSON.stringify(get().definition);
    }, { time: 300 });
  });
}
