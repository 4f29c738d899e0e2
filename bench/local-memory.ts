// Peak memory of the local runner while a step prints a lot of output (issue 14).
//
//   npm run bench:local-memory [-- --lines 5000000]
//
// Runs a one-step pipeline with runLocal in this process: a Training step whose process prints
// `--lines` lines (default 5 million, about 150 MB of text), each with a metric the step's metric
// definitions parse. Reports the runner's peak resident memory (this process only; the step's own
// process is separate), sampled every 10 ms and from the kernel's maxRSS, and checks the parsed
// metric (the last value) so a runner that drops lines cannot look fast. Target: under 200 MB.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline, runLocal } from "../src/index.js";

const flag = process.argv.indexOf("--lines");
const lines = flag >= 0 ? Number(process.argv[flag + 1]) : 5_000_000;
if (!Number.isInteger(lines) || lines <= 0) throw new Error(`--lines must be a positive integer, got ${process.argv[flag + 1]}`);

const dir = mkdtempSync(join(tmpdir(), "sagepipe-bench-memory-"));
// The step: prints `lines` lines in chunks, waiting for the pipe to drain (a fast, well-behaved writer).
writeFileSync(
  join(dir, "chatty.mjs"),
  `import { mkdirSync } from "node:fs";
const total = Number(process.env.LINES);
let i = 0;
function more() {
  while (i < total) {
    let chunk = "";
    for (let k = 0; k < 10000 && i < total; k++, i++) chunk += "epoch " + i + " of " + total + ": loss=" + (1 / (i + 1)).toFixed(9) + "\\n";
    if (!process.stdout.write(chunk)) return void process.stdout.once("drain", more);
  }
  mkdirSync(process.env.SM_MODEL_DIR, { recursive: true });
}
more();
`,
);

const flow = pipeline("Chatty")
  .assets({ bucket: "bench-bucket" })
  .train("Fit", {
    image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/node:20",
    role: "arn:aws:iam::111111111111:role/R",
    instanceType: "ml.m5.large",
    code: "./chatty.mjs",
    command: ["node"],
    environment: { LINES: String(lines) },
    metrics: { loss: "loss=([0-9.]+)" },
  });

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const baseline = peak;
const started = Date.now();
try {
  const run = await runLocal(flow, { baseDir: dir, cache: false });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (Date.now() - started) / 1000;
  const fit = run.steps[0];
  const expected = Number((1 / lines).toFixed(9));
  if (run.status !== "Succeeded") throw new Error(`the run failed: ${run.failureReason}`);
  if (fit?.metrics?.loss !== expected) throw new Error(`the last loss should be ${expected}, got ${fit?.metrics?.loss}`);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`local runner, one step printing ${lines.toLocaleString("en")} lines in ${seconds.toFixed(1)} s:`);
  console.log(`  peak RSS (sampled): ${mb(peak)} (at start ${mb(baseline)})`);
  console.log(`  peak RSS (kernel maxRSS): ${mb(maxRss)}`);
  console.log(`  last metric parsed: loss=${fit.metrics.loss}`);
  console.log(`  target: under 200 MB — ${maxRss < 200 * 1024 * 1024 ? "met" : "NOT MET"}`);
  process.exitCode = maxRss < 200 * 1024 * 1024 ? 0 : 1;
} finally {
  clearInterval(sampler);
  if (process.env.KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  else console.log(dir);
}
