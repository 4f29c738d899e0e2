// Linearity, in a fresh process for one size (node linear.mjs <steps> <rounds>): per compile of a
// generated chain of Processing steps, interleaved round by round with its floor, JSON.stringify of the
// same definition. "first compile": a pipeline node whose step nodes compile has never seen (copied
// each time: what that costs is measured too and subtracted); "compile again": the same builder each
// time. Prints one JSON line of medians (ms per operation) over the rounds. Times are the process's
// CPU time (user + system, all its threads: garbage collection included), which a machine busy with
// other work disturbs far less than the wall clock. A third argument, the path of another build's
// dist/index.js, measures that build instead (before and after in one run: bench/startup/compare-linear.mjs).
import { pathToFileURL } from "node:url";

const { compile, pipeline } = process.argv[4] === undefined ? await import("sagepipe") : await import(pathToFileURL(process.argv[4]).href);

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const steps = Number(process.argv[2]);
const rounds = Number(process.argv[3] ?? 15);
const role = "arn:aws:iam::111111111111:role/SageMakerRole";

let builder = pipeline(`Bench${steps}`).assets({ bucket: "bench-bucket" }).param("Input", "String", { default: "s3://bench-bucket/in/" });
for (let i = 0; i < steps; i++) {
  const previous = `Step${i - 1}`;
  builder = builder.process(`Step${i}`, ({ params, steps: handles }) => ({
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1",
    role,
    instanceType: "ml.m5.xlarge",
    inputs: { data: i === 0 ? params.Input : handles[previous].outputs.out },
    outputs: { out: "/opt/ml/processing/out" },
    environment: { STEP: String(i) },
  }));
}
const quotas = { maxSteps: steps, maxDefinitionLength: Number.POSITIVE_INFINITY };
const node = builder.toNode();
const definition = JSON.parse(compile(builder, { quotas }).json);
const fresh = () => ({ ...node, steps: node.steps.map((placed) => ({ ...placed, node: { ...placed.node } })) });

const cases = {
  first: () => compile(fresh(), { quotas }),
  again: () => compile(builder, { quotas }),
  copy: () => fresh(),
  floor: () => JSON.stringify(definition),
};
// enough repetitions per sample for about 20 ms of the floor
let reps = 1;
for (;;) {
  const start = cpu();
  for (let i = 0; i < reps; i++) cases.floor();
  if (cpu() - start >= 20 || reps >= 1 << 16) break;
  reps *= 2;
}
const samples = { first: [], again: [], copy: [], floor: [] };
const names = Object.keys(cases);
for (let round = -3; round < rounds; round++) {
  // rotate the order each round; the first three rounds warm up and are not counted
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round + 3) % names.length];
    const run = cases[name];
    const n = name === "floor" || name === "copy" ? reps * 4 : reps;
    const start = cpu();
    for (let i = 0; i < n; i++) run();
    const each = (cpu() - start) / n;
    if (round >= 0) samples[name].push(each);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const min = (xs) => Math.min(...xs);
const result = { steps, rounds, reps };
for (const name of names) result[name] = { median: median(samples[name]), min: min(samples[name]) };
// paired: the ratio of each round's compile to the same round's floor
result.firstOverFloor = median(samples.first.map((v, i) => (v - samples.copy[i]) / samples.floor[i]));
result.againOverFloor = median(samples.again.map((v, i) => v / samples.floor[i]));
result.againOverFirst = median(samples.again.map((v, i) => v / (samples.first[i] - samples.copy[i])));
process.stdout.write(JSON.stringify(result) + "\n");
