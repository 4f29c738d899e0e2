// Before and after in one run (issue 17): bench/startup/linear.mjs against two builds, interleaved,
// a fresh process per size and build, in an order that alternates each round.
//
//   node bench/startup/compare-linear.mjs <other dist/index.js> [rounds per process] [processes per size] [sizes]
//
// Prints, per size and build, the medians over the processes of linear.mjs's paired ratios.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const other = process.argv[2];
if (other === undefined) throw new Error("usage: compare-linear.mjs <other dist/index.js> [rounds] [processes] [sizes]");
const rounds = process.argv[3] ?? "9";
const processes = Number(process.argv[4] ?? 3);
const sizes = (process.argv[5] ?? "10,50,500,5000").split(",").map(Number);
const builds = { before: other, after: join(here, "..", "..", "dist", "index.js") };
const runs = {};
const loads = [loadavg()[0]];
for (let p = 0; p < processes; p++) {
  for (const steps of sizes) {
    const order = p % 2 === 0 ? ["before", "after"] : ["after", "before"];
    for (const build of order) {
      const out = spawnSync(process.execPath, [join(here, "linear.mjs"), String(steps), rounds, builds[build]], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(out.stderr);
      ((runs[steps] ??= {})[build] ??= []).push(JSON.parse(out.stdout));
    }
  }
  loads.push(loadavg()[0]);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${processes} processes per size and build, ${rounds} rounds each`);
console.log("steps | build | first ms | again ms | floor ms | first/floor | again/floor | again/first");
for (const steps of sizes) {
  for (const build of ["before", "after"]) {
    const rs = runs[steps][build];
    const f = (pick) => median(rs.map(pick));
    console.log(
      [steps, build, f((r) => r.first.median - r.copy.median).toFixed(3), f((r) => r.again.median).toFixed(3), f((r) => r.floor.median).toFixed(3), f((r) => r.firstOverFloor).toFixed(2), f((r) => r.againOverFloor).toFixed(2), f((r) => r.againOverFirst).toFixed(3)].join(" | "),
    );
  }
}
