import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { safeValidateDefinition } from "../validate/validate-definition.js";
import { compilePipelineFile, parseMaxSteps } from "./compile-command.js";
import { isPipelineModule } from "./load-pipeline.js";
import { UsageError, type CliIo } from "./run.js";

interface ValidateArgs {
  readonly values: { json?: boolean; loose?: boolean; "max-steps"?: string };
  readonly positionals: string[];
}

/** A JSON file read and parsed, or the exit code after printing why it could not be. */
export type ReadJsonResult = { readonly kind: "read"; readonly document: unknown } | { readonly kind: "failed"; readonly exitCode: 2 };

/**
 * Reads and parses a JSON file (relative to `io.cwd`); prints one line to stderr when it cannot.
 *
 * @example
 * ```ts
 * const read = await readJsonFile("definition.json", io);
 * if (read.kind === "failed") return read.exitCode; // 2
 * ```
 */
export async function readJsonFile(file: string, io: CliIo): Promise<ReadJsonResult> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    io.stderr(`sagepipe: cannot read ${file}: ${reason}\n`);
    return { kind: "failed", exitCode: 2 };
  }
  try {
    return { kind: "read", document: JSON.parse(text) };
  } catch (error) {
    io.stderr(`sagepipe: ${file} is not valid JSON: ${(error as Error).message}\n`);
    return { kind: "failed", exitCode: 2 };
  }
}

/**
 * `sagepipe validate <definition.json|pipeline.ts>`: exit 0 valid, 1 invalid, 2 unreadable or not
 * JSON. A pipeline module is compiled (which validates it); its compile errors are the issues.
 *
 * @example
 * ```ts
 * await validateCommand({ values: { loose: true }, positionals: ["pipeline.ts"] }, io) // 0, io.stdout: pipeline.ts: valid (4 top-level steps)
 * ```
 */
export async function validateCommand({ values, positionals }: ValidateArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("validate needs a definition file: sagepipe validate <definition.json|pipeline.ts>");
  if (extra.length > 0) throw new UsageError(`validate takes one file, got ${positionals.length}`);
  const maxSteps = parseMaxSteps(values["max-steps"]);
  const loose = values.loose === true;

  let issues: readonly ValidationIssue[];
  let valid: boolean;
  let steps = 0;
  if (isPipelineModule(file)) {
    const result = await compilePipelineFile(file, io.cwd, {
      ...(loose ? { arguments: "loose" as const } : {}),
      ...(maxSteps === undefined ? {} : { maxSteps }),
    });
    if (result.kind === "failed") {
      io.stderr(`sagepipe: ${result.message}\n`);
      return result.exitCode;
    }
    issues = result.kind === "invalid" ? result.issues : [];
    valid = result.kind === "compiled";
    steps = result.kind === "compiled" ? result.compiled.definition.Steps.length : 0;
  } else {
    const read = await readJsonFile(file, io);
    if (read.kind === "failed") return read.exitCode;
    const result = safeValidateDefinition(read.document, {
      arguments: loose ? "loose" : "strict",
      ...(maxSteps === undefined ? {} : { quotas: { maxSteps } }),
    });
    issues = result.issues;
    valid = result.success;
    steps = result.success ? result.definition.Steps.length : 0;
  }

  if (values.json === true) {
    io.stdout(`${JSON.stringify({ file, valid, issues }, null, 2)}\n`);
  } else if (valid) {
    io.stdout(`${file}: valid (${steps} top-level steps)\n`);
  } else {
    const count = issues.length;
    io.stdout(`${file}: ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(issues)}\n`);
  }
  return valid ? 0 : 1;
}
