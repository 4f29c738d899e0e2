// `npm install` on a fresh clone of this repository (issue 17: ≤ 60 s), next to its floor:
//
//   npm run bench:install [-- --rounds 2]
//
// Each round clones HEAD (commit your changes first) into a temporary folder twice and runs, in an
// order that alternates between rounds:
// - `npm install` in one clone: what README's "two commands" start with (npm installs the locked
//   tree and runs the `postprepare` build);
// - the floor, `npm install --ignore-scripts` in the other: the same install without any build; then
//   `npm run postprepare` there alone, the build's share.
// npm's cache is as it is on this machine (a first install anywhere also downloads): the figures
// are absolute, with the floor measured in the same round beside them. Then `npx sagepipe --version`
// in the first clone, to show the CLI is ready at once.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = process.argv.indexOf("--rounds");
const rounds = Number(at >= 0 ? process.argv[at + 1] : 2);

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (value: number): string => `${(value / 1000).toFixed(1)} s`;

function timed(command: string, args: readonly string[], cwd: string): number {
  const start = performance.now();
  // npm_* variables of `npm run bench:install` itself would leak into the inner npm
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_")));
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 26 });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} in ${cwd} exited ${result.status ?? result.signal}:\n${result.stderr}`);
  return elapsed;
}

const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
console.log(`Node ${process.version}, npm ${spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.trim()}, HEAD ${head}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
const installs: number[] = [];
const floors: number[] = [];
const builds: number[] = [];
const npx: number[] = [];
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];
for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-bench-install-"));
  try {
    const full = join(dir, "full");
    const floor = join(dir, "floor");
    timed("git", ["clone", "--quiet", "--no-hardlinks", root, full], dir);
    timed("git", ["clone", "--quiet", "--no-hardlinks", root, floor], dir);
    const runFull = () => installs.push(timed("npm", ["install", ...quiet], full));
    const runFloor = () => {
      floors.push(timed("npm", ["install", "--ignore-scripts", ...quiet], floor));
      builds.push(timed("npm", ["run", "postprepare", "--silent"], floor));
    };
    if (round % 2 === 0) {
      runFull();
      runFloor();
    } else {
      runFloor();
      runFull();
    }
    npx.push(timed("npx", ["--offline", "sagepipe", "--version"], full));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`### npm install on a fresh clone (${rounds} rounds; medians)\n`);
console.log("| npm install | floor: npm install --ignore-scripts | the postprepare build alone | then npx sagepipe --version | target ≤ 60 s |");
console.log("| --- | --- | --- | --- | --- |");
console.log(
  `| ${seconds(median(installs))} (${installs.map(seconds).join(", ")}) | ${seconds(median(floors))} | ${seconds(median(builds))} | ${seconds(median(npx))} | ${median(installs) <= 60_000 ? "met" : "NOT met"} |`,
);
