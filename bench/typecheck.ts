// Type-checking against sagepipe as a user's project sees it (issue 17):
//
//   npm run bench:typecheck [-- --rounds 5] [--lib-check] [--why] [--keep]
//
// The package is what `npm pack` makes of the built dist/ (run `npm run build` after changing src/),
// installed with npm into a temporary project next to zod, @types/node and typescript at the versions
// this repository uses (from npm's cache when it has them). Each program is `tsc --noEmit
// --extendedDiagnostics` with strict, exactOptionalPropertyTypes and NodeNext resolution:
//
// - the floor: an empty file (it still reads TypeScript's lib and @types/node);
// - a file that only imports sagepipe (and builds an empty pipeline);
// - the seed flow, examples/churn/pipeline.ts and flow.ts, with its zod property-file schema;
// - a file with a rawStep (a Training step written as the whole CreateTrainingJob request).
//
// Each case runs once per round next to the floor, in an order that rotates each round, and the
// figures are medians of the round-by-round differences to the floor (a shared machine's load moves
// both). Each tsc reports its own CPU time (bench/startup/report-cpu.mjs is preloaded): on a machine
// busy with other work the wall clock includes the time others had the cores, CPU time mostly not. `skipLibCheck: true` is what `tsc --init` writes and what most projects have; TypeScript's
// own default is false, which also checks every declaration file the program reads: `--lib-check`
// measures that as well. `--why` prints which packages the import-only program's declaration files
// come from, and which of sagepipe's declarations bring in each package (`tsc --explainFiles`).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const rounds = Number(option("rounds") ?? 5);

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (value: number): string => `${(value / 1000).toFixed(2)} s`;

function run(command: string, args: readonly string[], cwd: string): { ms: number; stdout: string; cpuMs: number } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}:\n${result.stderr}${result.stdout.slice(0, 4000)}`);
  // the process's own CPU time, when it ran with bench/startup/report-cpu.mjs preloaded
  const cpu = /sagepipe-bench-cpu-ms ([\d.]+)/.exec(result.stderr)?.[1];
  return { ms: elapsed, stdout: result.stdout, cpuMs: cpu === undefined ? Number.NaN : Number(cpu) };
}

const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
const versionOf = (name: string): string => lock.packages[`node_modules/${name}`]!.version;

/** A temporary project with the packed package installed; returns its folder. */
function consumerProject(): string {
  if (!existsSync(join(root, "dist", "index.d.cts"))) throw new Error("dist/ is missing: run `npm run build` first");
  if (statSync(join(root, "dist", "index.d.cts")).mtimeMs < statSync(join(root, "src", "index.ts")).mtimeMs) {
    console.log("(dist/ may be older than src/: run `npm run build` to measure your changes)\n");
  }
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-bench-tsc-"));
  // --ignore-scripts: pack dist/ as it is (prepack would build it again)
  const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], root).stdout) as Array<{ filename: string }>;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      join(dir, packed[0]!.filename),
      `zod@${versionOf("zod")}`,
      `typescript@${versionOf("typescript")}`,
      `@types/node@${versionOf("@types/node")}`,
    ],
    dir,
  );
  writeFileSync(join(dir, "empty.ts"), "export const nothing = 0;\n");
  writeFileSync(join(dir, "import-only.ts"), 'import { pipeline } from "sagepipe";\n\nexport const empty = pipeline("Empty");\n');
  cpSync(join(root, "examples", "churn", "pipeline.ts"), join(dir, "pipeline.ts"));
  cpSync(join(root, "examples", "churn", "flow.ts"), join(dir, "flow.ts"));
  writeFileSync(
    join(dir, "raw-step.ts"),
    `import { compile, pipeline, rawStep } from "sagepipe";

// a Training step written as the whole CreateTrainingJob request
const flow = pipeline("Raw")
  .param("RoleArn", "String")
  .add(({ params }) => rawStep("Train", "Training", {
  arguments: {
    AlgorithmSpecification: { TrainingImage: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", TrainingInputMode: "File" },
    RoleArn: params.RoleArn,
    InputDataConfig: [{ ChannelName: "train", DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://bucket/train/" } } }],
    OutputDataConfig: { S3OutputPath: "s3://bucket/model/" },
    ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    HyperParameters: { max_depth: "5" },
  },
}));

export const json: string = compile(flow).json;
`,
  );
  return dir;
}

const CASES = {
  "empty file (the floor)": ["empty.ts"],
  'a file that only imports "sagepipe"': ["import-only.ts"],
  "the seed flow (pipeline.ts + flow.ts, zod property-file schema)": ["pipeline.ts"],
  "a rawStep (a whole CreateTrainingJob request)": ["raw-step.ts"],
} as const;
const IMPORT_ONLY = 'a file that only imports "sagepipe"';

function writeConfigs(dir: string, skipLibCheck: boolean): Record<string, string> {
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck,
    types: ["node"],
  };
  const configs: Record<string, string> = {};
  Object.entries(CASES).forEach(([name, files], index) => {
    const file = join(dir, `tsconfig.${index}.${skipLibCheck ? "skip" : "check"}.json`);
    writeFileSync(file, JSON.stringify({ compilerOptions, files }, null, 2));
    configs[name] = file;
  });
  return configs;
}

interface Diagnostics {
  files: string;
  declarationLines: string;
  checkSeconds: number;
}

function measure(dir: string, skipLibCheck: boolean): void {
  const configs = writeConfigs(dir, skipLibCheck);
  const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
  const names = Object.keys(configs);
  const preload = ["--import", pathToFileURL(join(root, "bench", "startup", "report-cpu.mjs")).href];
  const times = new Map(names.map((name) => [name, [] as number[]]));
  const cpuTimes = new Map(names.map((name) => [name, [] as number[]]));
  const diagnostics = new Map(names.map((name) => [name, [] as Diagnostics[]]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      const result = run(process.execPath, [...preload, tsc, "-p", configs[name]!, "--extendedDiagnostics"], dir);
      const field = (label: string) => new RegExp(`${label}:\\s+([\\d.]+)`).exec(result.stdout)?.[1] ?? "?";
      times.get(name)!.push(result.ms);
      cpuTimes.get(name)!.push(result.cpuMs);
      diagnostics.get(name)!.push({ files: field("Files"), declarationLines: field("Lines of Definitions"), checkSeconds: Number(field("Check time")) });
    }
  }
  const floor = times.get(names[0]!)!;
  const floorCpu = cpuTimes.get(names[0]!)!;
  console.log(`### tsc --noEmit, skipLibCheck: ${skipLibCheck} (${rounds} rounds, interleaved; medians)\n`);
  console.log("| program | CPU | over the floor (CPU) | wall | over the floor (wall) | check time (tsc) | files | lines of declarations | target (CPU; wall) |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  names.forEach((name, index) => {
    const wall = times.get(name)!;
    const cpu = cpuTimes.get(name)!;
    const over = median(wall.map((t, i) => t - floor[i]!));
    const overCpu = median(cpu.map((t, i) => t - floorCpu[i]!));
    const check = median(diagnostics.get(name)!.map((d) => d.checkSeconds * 1000));
    const last = diagnostics.get(name)!.at(-1)!;
    const verdict = (met: boolean) => (met ? "met" : "NOT met");
    const target =
      name === IMPORT_ONLY
        ? `≤ +1 s: ${verdict(overCpu <= 1000)}; ${verdict(over <= 1000)}`
        : name.startsWith("the seed flow")
          ? `≤ 1.5 s in all: ${verdict(median(cpu) <= 1500)}; ${verdict(median(wall) <= 1500)}`
          : "";
    const first = index === 0;
    console.log(
      `| ${name} | ${seconds(median(cpu))} | ${first ? "" : `+${seconds(overCpu)}`} | ${seconds(median(wall))} | ${first ? "" : `+${seconds(over)}`} | ${seconds(check)} | ${last.files} | ${last.declarationLines} | ${target} |`,
    );
  });
  console.log("");
}

/** Which packages the import-only program reads declarations from, and which files bring each in. */
function why(dir: string): void {
  const configs = writeConfigs(dir, true);
  const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
  const output = run(process.execPath, [tsc, "-p", configs[IMPORT_ONLY]!, "--explainFiles"], dir).stdout;
  const packageOf = (file: string): string => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    return match?.[1] ?? (file.includes("/typescript/lib/") ? "typescript (lib)" : "(project)");
  };
  const counts = new Map<string, number>();
  const importers = new Map<string, Set<string>>();
  let current = "";
  for (const line of output.split("\n")) {
    if (line !== "" && !line.startsWith(" ")) {
      current = line.trim();
      const name = packageOf(current);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      continue;
    }
    // "  Imported via '@aws-sdk/client-sagemaker' from file 'node_modules/sagepipe/dist/index.d.cts'"
    const via = /Imported via ['"]([^'"]+)['"] from file '([^']+)'/.exec(line);
    if (via !== null && packageOf(current) !== packageOf(via[2]!)) {
      const key = packageOf(current);
      if (!importers.has(key)) importers.set(key, new Set());
      importers.get(key)!.add(`${packageOf(via[2]!)} (${via[1]})`);
    }
  }
  console.log("### Where the import-only program's files come from (tsc --explainFiles)\n");
  console.log("| package | files | first brought in by |");
  console.log("| --- | --- | --- |");
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${count} | ${[...(importers.get(name) ?? [])].slice(0, 3).join(", ")} |`);
  console.log("");
}

const load = (await import("node:os")).loadavg();
console.log(`Node ${process.version}, TypeScript ${versionOf("typescript")}, load average ${load.map((l) => l.toFixed(1)).join(" ")}\n`);
const dir = consumerProject();
try {
  if (flag("why")) why(dir);
  measure(dir, true);
  if (flag("lib-check")) measure(dir, false);
} finally {
  if (flag("keep")) console.log(`(the project: ${dir})`);
  else rmSync(dir, { recursive: true, force: true });
}
