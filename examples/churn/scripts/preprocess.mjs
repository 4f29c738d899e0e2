// Preprocess: split the raw churn CSV into train / validation / test and scale the features.
// Runs as a SageMaker Processing job (node image) or locally; paths come from the arguments:
//   node preprocess.mjs --input /opt/ml/processing/input/raw --output /opt/ml/processing
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { input: { type: "string" }, output: { type: "string" }, seed: { type: "string", default: "7" } } });
const input = values.input ?? "/opt/ml/processing/input/raw";
const output = values.output ?? "/opt/ml/processing";

const files = readdirSync(input).filter((f) => f.endsWith(".csv")).sort();
if (files.length === 0) throw new Error(`no .csv file in ${input}`);
const lines = files.flatMap((f) => readFileSync(join(input, f), "utf8").trim().split("\n").slice(1));
const rows = lines.map((line) => line.split(",")).map(([, tenure, charges, calls, annual, churned]) => [
  Number(tenure) / 72,
  Number(charges) / 120,
  Number(calls) / 8,
  Number(annual),
  Number(churned),
]);

// deterministic shuffle, so that a rerun with the same data gives the same split
let state = Number(values.seed);
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}

const cut1 = Math.floor(rows.length * 0.7);
const cut2 = Math.floor(rows.length * 0.85);
const splits = { train: rows.slice(0, cut1), validation: rows.slice(cut1, cut2), test: rows.slice(cut2) };
for (const [name, split] of Object.entries(splits)) {
  mkdirSync(join(output, name), { recursive: true });
  // label first, as SageMaker's built-in algorithms expect
  writeFileSync(join(output, name, `${name}.csv`), split.map((r) => [r[4], ...r.slice(0, 4)].join(",")).join("\n") + "\n");
  console.log(`${name}: ${split.length} rows`);
}
