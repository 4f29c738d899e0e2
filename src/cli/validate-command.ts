import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatIssues } from "../validate/issues.js";
import { safeValidateDefinition } from "../validate/validate-definition.js";
import { UsageError, type CliIo } from "./run.js";

interface ValidateArgs {
  readonly values: { json?: boolean; loose?: boolean; "max-steps"?: string };
  readonly positionals: string[];
}

/** `sagepipe validate <definition.json>`: exit 0 valid, 1 invalid, 2 unreadable or not JSON. */
export async function validateCommand({ values, positionals }: ValidateArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("validate needs a definition file: sagepipe validate <definition.json>");
  if (extra.length > 0) throw new UsageError(`validate takes one file, got ${positionals.length}`);
  const maxSteps = values["max-steps"] === undefined ? undefined : Number(values["max-steps"]);
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps > 0)) {
    throw new UsageError(`--max-steps must be a positive integer, got "${values["max-steps"]}"`);
  }

  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    io.stderr(`sagepipe: cannot read ${file}: ${reason}\n`);
    return 2;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    io.stderr(`sagepipe: ${file} is not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }

  const result = safeValidateDefinition(document, {
    arguments: values.loose === true ? "loose" : "strict",
    ...(maxSteps === undefined ? {} : { quotas: { maxSteps } }),
  });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ file, valid: result.success, issues: result.issues }, null, 2)}\n`);
  } else if (result.success) {
    io.stdout(`${file}: valid (${result.definition.Steps.length} top-level steps)\n`);
  } else {
    const count = result.issues.length;
    io.stdout(`${file}: ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(result.issues)}\n`);
  }
  return result.success ? 0 : 1;
}
