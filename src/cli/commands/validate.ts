import type { Command } from "commander";
import { formatIssues, type ValidationIssue } from "../../validate/issues.js";
import { safeValidateDefinition } from "../../validate/validate-definition.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { isPipelineModule } from "../load-pipeline.js";
import { maxStepsOption } from "../options.js";
import { typecheckPipelineFile } from "../typecheck.js";
import { compilePipelineFile, inputName, readJsonFile } from "../pipeline-file.js";

/** The options of `sagepipe validate`, as commander parses them. */
export interface ValidateCommandOptions {
  readonly json?: boolean;
  readonly loose?: boolean;
  readonly maxSteps?: number;
  readonly typecheck?: boolean;
}

/**
 * Declares `sagepipe validate <definition.json|pipeline.ts>`.
 *
 * @example
 * ```ts
 * registerValidate(program, context) // sagepipe validate definition.json --json
 * ```
 */
export function registerValidate(program: Command, context: CliContext): void {
  program
    .command("validate")
    .summary("check a pipeline definition (a pipeline module is compiled first)")
    .description("Check a pipeline definition JSON file, or a pipeline module (compiled first), and print every issue.")
    .argument("<file>", "a definition JSON file (- reads it from stdin), or a pipeline module (.ts, .js, ...)")
    .option("--json", "print { file, valid, issues } as JSON")
    .option("--loose", "accept any object as step Arguments (check references and types only)")
    .addOption(maxStepsOption())
    .option("--typecheck", "type-check the pipeline file first, with your project's TypeScript and tsconfig.json (loading it only strips the types)")
    .action(context.action((file: string, options: ValidateCommandOptions) => validateCommand(file, options, context.io)));
}

/**
 * `sagepipe validate <definition.json|-|pipeline.ts>`: exit 0 valid, 1 invalid, 2 unreadable or
 * not JSON. A pipeline module is compiled (which validates it); its compile errors are the issues.
 * `-` reads the definition from stdin; a leading UTF-8 byte order mark is ignored.
 *
 * @example
 * ```ts
 * await validateCommand("pipeline.ts", { loose: true }, io) // 0, io.stdout: pipeline.ts: valid (4 top-level steps)
 * ```
 */
export async function validateCommand(file: string, options: ValidateCommandOptions, io: CliIo): Promise<number> {
  const { maxSteps } = options;
  const loose = options.loose === true;

  let issues: readonly ValidationIssue[];
  let valid: boolean;
  let steps = 0;
  if (options.typecheck === true) typecheckPipelineFile(file, io.cwd);
  if (isPipelineModule(file)) {
    const result = await compilePipelineFile(file, io.cwd, {
      ...(loose ? { arguments: "loose" as const } : {}),
      ...(maxSteps === undefined ? {} : { maxSteps }),
    });
    issues = result.kind === "invalid" ? result.issues : [];
    valid = result.kind === "compiled";
    steps = result.kind === "compiled" ? result.compiled.definition.Steps.length : 0;
  } else {
    const result = safeValidateDefinition(await readJsonFile(file, io), {
      arguments: loose ? "loose" : "strict",
      ...(maxSteps === undefined ? {} : { quotas: { maxSteps } }),
    });
    issues = result.issues;
    valid = result.success;
    steps = result.success ? result.definition.Steps.length : 0;
  }

  if (options.json === true) {
    io.stdout(`${JSON.stringify({ file, valid, issues }, null, 2)}\n`);
  } else if (valid) {
    io.stdout(`${inputName(file)}: valid (${steps} top-level steps)\n`);
  } else {
    const count = issues.length;
    io.stdout(`${inputName(file)}: ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(issues)}\n`);
  }
  return valid ? EXIT.ok : EXIT.no;
}
