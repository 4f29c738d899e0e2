import { createRequire } from "node:module";
import { dirname, relative, resolve } from "node:path";
import type * as TypeScript from "typescript";
import { EXIT, UsageError } from "./context.js";
import { CliFailure } from "./failure.js";

const TYPESCRIPT_FILE = /\.(?:ts|mts|cts|tsx)$/i;

/** Compiler options for a pipeline file outside any tsconfig.json: strict, Node's module rules. */
function defaults(ts: typeof TypeScript): TypeScript.CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ["node"],
  };
}

/**
 * `--typecheck`: type-checks a TypeScript pipeline file (and what it imports) with the TypeScript
 * installed in its project and the nearest `tsconfig.json` (else strict defaults), before the CLI
 * loads it — loading only strips the types. Throws a {@link CliFailure}: exit 1 with every error, or
 * exit 2 when the file is not TypeScript or the project has no TypeScript.
 *
 * @example
 * ```ts
 * await typecheckPipelineFile("examples/churn/pipeline.ts", io.cwd) // throws when a type is wrong
 * ```
 */
export function typecheckPipelineFile(file: string, cwd: string): void {
  if (!TYPESCRIPT_FILE.test(file)) throw new UsageError(`--typecheck checks a TypeScript pipeline file (.ts, .mts, .cts, .tsx), not ${file}`);
  const path = resolve(cwd, file);
  let ts: typeof TypeScript;
  try {
    // the project's own TypeScript, as its editor and tsc use: resolved from the pipeline file
    ts = createRequire(path)("typescript") as typeof TypeScript;
  } catch {
    throw new CliFailure(
      EXIT.usage,
      "typescript-missing",
      `--typecheck uses your project's TypeScript, and none is installed for ${file}: npm install --save-dev typescript`,
    );
  }
  const config = ts.findConfigFile(dirname(path), ts.sys.fileExists);
  let options = defaults(ts);
  if (config !== undefined) {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (parsed === undefined) throw new CliFailure(EXIT.usage, "tsconfig-unreadable", `--typecheck: ${relative(cwd, config) || config} cannot be read`);
    options = parsed.options;
  }
  const program = ts.createProgram({ rootNames: [path], options: { ...options, noEmit: true } });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length === 0) return;
  const text = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
  });
  const count = diagnostics.length;
  throw new CliFailure(EXIT.no, "type-errors", `${file}: ${count} type error${count === 1 ? "" : "s"} (TypeScript ${ts.version}${config === undefined ? "" : `, ${relative(cwd, config)}`})\n\n${text.trimEnd()}`);
}
