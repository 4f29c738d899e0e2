// Train: logistic regression by gradient descent, following the SageMaker training contract:
// channels in SM_CHANNEL_<NAME> (/opt/ml/input/data/<name>), hyperparameters in
// /opt/ml/input/config/hyperparameters.json, the model in SM_MODEL_DIR (/opt/ml/model).
// Prints `validation:accuracy=<value>` for the step's metric definition.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const prefix = process.env.SM_INPUT_DIR ?? "/opt/ml/input";
const trainDir = process.env.SM_CHANNEL_TRAIN ?? join(prefix, "data/train");
const validationDir = process.env.SM_CHANNEL_VALIDATION ?? join(prefix, "data/validation");
const modelDir = process.env.SM_MODEL_DIR ?? "/opt/ml/model";
const hyperparametersFile = join(prefix, "config/hyperparameters.json");
const hp = existsSync(hyperparametersFile) ? JSON.parse(readFileSync(hyperparametersFile, "utf8")) : {};
const epochs = Number(hp.epochs ?? 300);
const learningRate = Number(hp.learning_rate ?? 0.5);

const read = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\n"))
    .map((line) => line.split(",").map(Number));
const train = read(trainDir);
const validation = existsSync(validationDir) ? read(validationDir) : [];

const features = train[0].length - 1;
const weights = new Array(features + 1).fill(0);
const predict = (x) => 1 / (1 + Math.exp(-(weights[0] + x.reduce((sum, v, i) => sum + v * weights[i + 1], 0))));
for (let epoch = 0; epoch < epochs; epoch++) {
  const gradient = new Array(features + 1).fill(0);
  for (const [label, ...x] of train) {
    const error = predict(x) - label;
    gradient[0] += error;
    x.forEach((v, i) => (gradient[i + 1] += error * v));
  }
  gradient.forEach((g, i) => (weights[i] -= (learningRate * g) / train.length));
}

const accuracy = (rows) => rows.filter(([label, ...x]) => (predict(x) >= 0.5 ? 1 : 0) === label).length / Math.max(rows.length, 1);
console.log(`train:accuracy=${accuracy(train).toFixed(4)}`);
if (validation.length > 0) console.log(`validation:accuracy=${accuracy(validation).toFixed(4)}`);
mkdirSync(modelDir, { recursive: true });
writeFileSync(join(modelDir, "model.json"), JSON.stringify({ kind: "logistic-regression", weights }, null, 2));
