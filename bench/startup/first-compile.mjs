// In a fresh process: how long import, building the seed flow, the first compile() and the ones after
// it take, in the process's CPU time (user + system, all threads: what a machine busy with other work
// disturbs least). Prints one JSON line.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const t0 = cpu();
const { compile } = await import("sagepipe");
const t1 = cpu();
const { default: flow } = await import("../.cache/churn-pipeline.mjs");
const t2 = cpu();
const baseDir = new URL("../../examples/churn/", import.meta.url).pathname;
const first = compile(flow, { baseDir }).json;
const t3 = cpu();
const again = compile(flow, { baseDir }).json;
const t4 = cpu();
if (again !== first) throw new Error("the second compile printed another definition");
// compiles of the same pipeline, each timed; the steady state is the median of the last 200, and
// "compiles to reach it" the first of 20 in a row within 1.5x of it
const times = [];
for (let i = 0; i < 2000; i++) {
  const s = cpu();
  compile(flow, { baseDir });
  times.push(cpu() - s);
}
const steady = [...times.slice(-200)].sort((a, b) => a - b)[100];
const reached = times.findIndex((t, i) => times.slice(i, i + 20).every((u) => u <= 1.5 * steady));
process.stdout.write(
  JSON.stringify({ importMs: t1 - t0, buildMs: t2 - t1, firstCompileMs: t3 - t2, secondCompileMs: t4 - t3, steadyMs: steady, compilesToSteady: reached + 2 }) + "\n",
);
