// Evaluate: score the trained model on the test split and write evaluation.json, the property file
// the pipeline's condition reads (metrics.accuracy.value).
//   node evaluate.mjs --model /opt/ml/processing/input/model --test /opt/ml/processing/input/test --output /opt/ml/processing/evaluation
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";

const { values } = parseArgs({ options: { model: { type: "string" }, test: { type: "string" }, output: { type: "string" } } });
const modelDir = values.model ?? "/opt/ml/processing/input/model";
const testDir = values.test ?? "/opt/ml/processing/input/test";
const output = values.output ?? "/opt/ml/processing/evaluation";

/** Reads model.json from model.tar.gz (SageMaker packs /opt/ml/model as a tar.gz), or as a plain file. */
function loadModel(dir) {
  const plain = join(dir, "model.json");
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, "utf8"));
  const archive = gunzipSync(readFileSync(join(dir, "model.tar.gz")));
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const name = archive.subarray(offset, offset + 100).toString("utf8").replace(/\0.*$/s, "");
    if (name === "") break;
    const size = parseInt(archive.subarray(offset + 124, offset + 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (name.replace(/^\.\//, "") === "model.json") {
      return JSON.parse(archive.subarray(offset + 512, offset + 512 + size).toString("utf8"));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`no model.json in ${dir}/model.tar.gz`);
}

const { weights } = loadModel(modelDir);
const rows = readdirSync(testDir)
  .filter((f) => f.endsWith(".csv"))
  .flatMap((f) => readFileSync(join(testDir, f), "utf8").trim().split("\n"))
  .map((line) => line.split(",").map(Number));
const predict = (x) => 1 / (1 + Math.exp(-(weights[0] + x.reduce((sum, v, i) => sum + v * weights[i + 1], 0))));
let tp = 0, tn = 0, fp = 0, fn = 0;
for (const [label, ...x] of rows) {
  const predicted = predict(x) >= 0.5 ? 1 : 0;
  if (predicted === 1 && label === 1) tp++;
  else if (predicted === 0 && label === 0) tn++;
  else if (predicted === 1) fp++;
  else fn++;
}
const accuracy = (tp + tn) / Math.max(rows.length, 1);
const precision = tp / Math.max(tp + fp, 1);
const recall = tp / Math.max(tp + fn, 1);
const report = { metrics: { accuracy: { value: accuracy }, precision: { value: precision }, recall: { value: recall } }, rows: rows.length };
mkdirSync(output, { recursive: true });
writeFileSync(join(output, "evaluation.json"), JSON.stringify(report, null, 2));
console.log(`test accuracy ${accuracy.toFixed(4)} on ${rows.length} rows`);
