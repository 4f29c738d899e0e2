// Where users wait (issue 17): cold processes, import, the first compile, linearity, type-checking
// and install, each next to its floor and its target.
//
//   npm run bench:startup [-- --rounds 9] [--only cold,first,linear] [--baseline DIR]
//
// --baseline DIR: also the CLI cases (sagepipe --version, compile and validate of every example) of
// another build's dist/ (a copy of it inside this repository, e.g. bench/.cache/main-dist, where its
// packages resolve), interleaved with this one's: before and after in one run.
//
// Everything runs against dist/ (what users get: run `npm run build` after changing src/). Each
// figure is a ratio to a floor measured in the same run, interleaved: round by round, every case
// runs once next to its floor in a rotating order, and the figure is the median over the rounds of
// the case / floor ratio of that round (paired, so a machine that gets busier or idler during the run
// moves case and floor alike). Medians of the absolute times are printed beside them. Cold processes
// also report their own CPU time (bench/startup/report-cpu.mjs, preloaded into each, the floor
// included), and in-process figures are CPU time: on a shared machine the wall clock includes the
// time other processes had the cores, CPU time mostly does not.
//
// - cold: `node -e 0`'s equivalent for an ES module (bench/startup/node-floor.mjs) is the floor;
//   `import "zod"` alone (the peer dependency sagepipe loads, for scale); `import "sagepipe"`; a
//   process that builds the seed flow (examples/churn/pipeline.ts, bundled to JavaScript once with
//   esbuild into bench/.cache/) and prints its definition; `sagepipe compile` and `sagepipe
//   validate` of every example (dist/cli.js, which loads the TypeScript file), and `sagepipe --version`
//   (what every CLI call costs before its command runs).
// - first: in fresh processes, the import, the first compile() of the seed flow, the second one, the
//   steady per-compile time and how many compiles reach it (bench/startup/first-compile.mjs).
// - linear: in a fresh process per size, compile (first and again) over JSON.stringify of the same
//   definition at 10, 50, 500 and 5,000 steps (bench/startup/linear.mjs).
// - type-checking is bench/typecheck.ts (npm run bench:typecheck), install bench/install.ts
//   (npm run bench:install).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, "bench", ".cache");
const fixtures = join(root, "bench", "startup");

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const rounds = Number(option("rounds") ?? 9);
const only = new Set((option("only") ?? "cold,first,linear").split(","));
const baseline = option("baseline");

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`);
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const verdict = (met: boolean): string => (met ? "met" : "NOT met");

interface Timed {
  readonly ms: number;
  readonly stdout: string;
  /** The process's own CPU time when it ran with report-cpu.mjs preloaded. */
  readonly cpuMs?: number;
}

function timed(command: string, args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = process.env): Timed {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const elapsed = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}:\n${result.stderr}${result.stdout.slice(0, 2000)}`);
  }
  const cpu = /sagepipe-bench-cpu-ms ([\d.]+)/.exec(result.stderr)?.[1];
  return { ms: elapsed, stdout: result.stdout, ...(cpu === undefined ? {} : { cpuMs: Number(cpu) }) };
}

/** Runs every case once per round in a rotating order; per case, the absolute times and the ratios to `floor` of the same round. */
function interleaved(cases: Readonly<Record<string, () => number>>, floor: string, count: number): Map<string, { times: number[]; ratios: number[] }> {
  const names = Object.keys(cases);
  const times = new Map(names.map((name) => [name, [] as number[]]));
  for (let round = 0; round < count; round++) {
    const thisRound = new Map<string, number>();
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      thisRound.set(name, cases[name]!());
    }
    for (const [name, value] of thisRound) times.get(name)!.push(value);
  }
  const floorTimes = times.get(floor)!;
  return new Map(names.map((name) => [name, { times: times.get(name)!, ratios: times.get(name)!.map((t, i) => t / floorTimes[i]!) }]));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log("");
}

async function prepareFixtures(): Promise<void> {
  if (!existsSync(join(root, "dist", "index.js")) || !existsSync(join(root, "dist", "cli.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const newestSource = Math.max(...["src/index.ts", "src/compile/compile.ts"].map((file) => statSync(join(root, file)).mtimeMs));
  if (statSync(join(root, "dist", "index.js")).mtimeMs < newestSource) console.log("(dist/ is older than src/: run `npm run build` to measure your changes)\n");
  mkdirSync(cache, { recursive: true });
  await build({
    entryPoints: [join(root, "examples", "churn", "pipeline.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["sagepipe", "zod"],
    outfile: join(cache, "churn-pipeline.mjs"),
    logLevel: "warning",
  });
}

const examples = ["churn", "quickstart", "fan-out", "tuning", "batch-transform"];

function cold(): void {
  const node = process.execPath;
  const cli = join(root, "dist", "cli.js");
  // every process gets the same preload, which reports its CPU time at exit
  const preload = ["--import", pathToFileURL(join(fixtures, "report-cpu.mjs")).href];
  const cpuTimes = new Map<string, number[]>();
  const measured = (name: string, args: readonly string[]) => () => {
    const result = timed(node, [...preload, ...args]);
    let list = cpuTimes.get(name);
    if (list === undefined) cpuTimes.set(name, (list = []));
    list.push(result.cpuMs ?? Number.NaN);
    return result.ms;
  };
  const cases: Record<string, () => number> = {
    "node floor": measured("node floor", [join(fixtures, "node-floor.mjs")]),
    'import "zod" (the peer dependency alone)': measured('import "zod" (the peer dependency alone)', [join(fixtures, "zod-only.mjs")]),
    'import "sagepipe"': measured('import "sagepipe"', [join(fixtures, "import-only.mjs")]),
    "seed flow: build and print the definition": measured("seed flow: build and print the definition", [join(fixtures, "print-seed-flow.mjs")]),
  };
  const cliCases = (label: string, entry: string) => {
    cases[`sagepipe --version${label}`] = measured(`sagepipe --version${label}`, [entry, "--version"]);
    for (const example of examples) {
      for (const command of ["compile", "validate"]) {
        const name = `sagepipe ${command} examples/${example}${label}`;
        cases[name] = measured(name, [entry, command, `examples/${example}/pipeline.ts`]);
      }
    }
  };
  cliCases("", cli);
  if (baseline !== undefined) {
    const entry = join(baseline, "cli.js");
    if (!existsSync(entry)) throw new Error(`--baseline ${baseline}: no cli.js there`);
    cliCases(` (baseline ${baseline})`, entry);
  }
  const results = interleaved(cases, "node floor", rounds);
  console.log(`### Cold processes (${rounds} rounds, interleaved; ratios are medians over rounds of case / node floor of that round)\n`);
  const floorTimes = results.get("node floor")!.times;
  const floorCpu = cpuTimes.get("node floor")!;
  const rows = [...results].map(([name, { times, ratios }]) => {
    const cpu = cpuTimes.get(name)!;
    const cpuRatio = median(cpu.map((t, i) => t / floorCpu[i]!));
    const wallRatio = median(ratios);
    const target = name.startsWith("sagepipe ") && !name.startsWith("sagepipe --version") ? 2.5 : name.startsWith("seed flow") ? 2 : undefined;
    const overFloor = median(times.map((t, i) => t - floorTimes[i]!));
    const overFloorCpu = median(cpu.map((t, i) => t - floorCpu[i]!));
    const isFloor = name === "node floor";
    const verdictText =
      target !== undefined
        ? `≤ ${target}×: ${verdict(wallRatio <= target)} (wall), ${verdict(cpuRatio <= target)} (CPU)`
        : name.startsWith('import "sagepipe"')
          ? `≤ +50 ms: ${verdict(overFloor <= 50)} (wall), ${verdict(overFloorCpu <= 50)} (CPU)`
          : "";
    return [
      name,
      ms(median(times)),
      isFloor ? "1.00×" : ratio(wallRatio),
      isFloor ? "" : `+${ms(overFloor)}`,
      ms(median(cpu)),
      isFloor ? "1.00×" : ratio(cpuRatio),
      isFloor ? "" : `+${ms(overFloorCpu)}`,
      verdictText,
    ];
  });
  table(["case", "wall (median)", "× node floor", "over the floor", "CPU (median)", "× node floor (CPU)", "over the floor (CPU)", "target"], rows);
}

function first(): void {
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < rounds; i++) runs.push(JSON.parse(timed(process.execPath, [join(fixtures, "first-compile.mjs")]).stdout) as Record<string, number>);
  const of = (key: string) => median(runs.map((run) => run[key]!));
  console.log(`### The seed flow in a fresh process (${rounds} processes, medians of CPU time measured inside the process)\n`);
  table(
    ["import", "build the flow", "first compile()", "second compile()", "steady compile()", "compiles to reach it", "target: first compile ≤ 10 ms"],
    [[ms(of("importMs")), ms(of("buildMs")), ms(of("firstCompileMs")), ms(of("secondCompileMs")), ms(of("steadyMs")), of("compilesToSteady").toFixed(0), verdict(of("firstCompileMs") <= 10)]],
  );
}

function linear(): void {
  console.log(`### Linearity (a fresh process per size, ${Math.max(rounds, 9)} rounds each, medians of paired ratios)\n`);
  const rows: string[][] = [];
  for (const steps of [10, 50, 500, 5000]) {
    const result = JSON.parse(timed(process.execPath, [join(fixtures, "linear.mjs"), String(steps), String(Math.max(rounds, 9))]).stdout) as {
      first: { median: number };
      again: { median: number };
      copy: { median: number };
      floor: { median: number };
      firstOverFloor: number;
      againOverFloor: number;
      againOverFirst: number;
    };
    const firstMs = result.first.median - result.copy.median;
    rows.push([
      steps.toLocaleString("en-US"),
      ms(firstMs),
      `${((firstMs * 1000) / steps).toFixed(1)} µs`,
      ms(result.again.median),
      ms(result.floor.median),
      ratio(result.firstOverFloor),
      ratio(result.againOverFloor),
      ratio(result.againOverFirst),
      `${verdict(result.firstOverFloor <= 5 && result.againOverFloor <= 5)}; again ≤ first: ${verdict(result.againOverFirst <= 1)}`,
    ]);
  }
  table(["steps", "first compile", "per step", "compile again", "JSON.stringify floor", "first / floor", "again / floor", "again / first", "target ≤ 5×, again ≤ first"], rows);
}

await prepareFixtures();
const load = (await import("node:os")).loadavg();
console.log(`Node ${process.version}, ${(await import("node:os")).cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(" ")}\n`);
if (only.has("cold")) cold();
if (only.has("first")) first();
if (only.has("linear")) linear();
