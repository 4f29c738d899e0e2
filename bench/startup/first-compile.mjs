// In a fresh process: how long import, building the seed flow, the first compile() and the ones after
// it take, measured inside the process (performance.now()). Prints one JSON line.
const t0 = performance.now();
const { compile } = await import("sagepipe");
const t1 = performance.now();
const { default: flow } = await import("../.cache/churn-pipeline.mjs");
const t2 = performance.now();
const baseDir = new URL("../../examples/churn/", import.meta.url).pathname;
const first = compile(flow, { baseDir }).json;
const t3 = performance.now();
const again = compile(flow, { baseDir }).json;
const t4 = performance.now();
if (again !== first) throw new Error("the second compile printed another definition");
// compiles until one takes no more than 1.5x the median of the last 200 (the steady state)
const times = [];
for (let i = 0; i < 2000; i++) {
  const s = performance.now();
  compile(flow, { baseDir });
  times.push(performance.now() - s);
}
const steady = [...times.slice(-200)].sort((a, b) => a - b)[100];
const reached = times.findIndex((t, i) => times.slice(i, i + 20).every((u) => u <= 1.5 * steady));
process.stdout.write(
  JSON.stringify({ importMs: t1 - t0, buildMs: t2 - t1, firstCompileMs: t3 - t2, secondCompileMs: t4 - t3, steadyMs: steady, compilesToSteady: reached + 2 }) + "\n",
);
