import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RegisteredModel } from "../runtime/run-record.js";
import { resourceNameProblem } from "./confine.js";
import { LocalRunError } from "./errors.js";
import { writeFileAtomic } from "./files-atomic.js";
import { withLock } from "./lock.js";
import { excerpt, quoted } from "../text.js";
import { localArn } from "./step-properties.js";
import { MAX_FILE_DEPTH, tooDeepAt } from "../validate/json-data.js";

/** A model version in the local model registry, as `runLocal` writes it. */
export interface LocalModelVersion extends RegisteredModel {
  readonly createdAt: string;
  /** The run that registered it. */
  readonly executionId: string;
  readonly pipelineName: string;
  /** The RegisterModel request, with every expression resolved. */
  readonly request: Readonly<Record<string, unknown>>;
}

/**
 * The local model registry of a working directory: model package groups with numbered versions,
 * approval status and metrics, in `<workdir>/registry/<group>/<version>.json`.
 *
 * Throws {@link LocalRunError}: `local-invalid-name` for a group name that is not a valid SageMaker
 * name, `local-registry-damaged` for a version file that is not a complete version (an interrupted
 * write by an older sagepipe, a hand edit): the message names the file.
 *
 * @example
 * ```ts
 * const versions = await listLocalModelVersions(".sagepipe", "churn-models");
 * versions.at(-1)?.metrics; // { "ModelQuality.Statistics": { metrics: { accuracy: { value: 0.87 } } } }
 * ```
 */
export async function listLocalModelVersions(workdir: string, group: string): Promise<LocalModelVersion[]> {
  const problem = resourceNameProblem(group, "model package group");
  if (problem !== undefined) throw new LocalRunError("local-invalid-name", problem);
  const dir = join(workdir, "registry", group);
  const files = await readdir(dir).catch(() => [] as string[]);
  const versions = await Promise.all(files.filter((file) => /^\d+\.json$/.test(file)).map((file) => readVersion(join(dir, file), Number(file.slice(0, -".json".length)))));
  return versions.sort((a, b) => a.modelPackageVersion - b.modelPackageVersion);
}

async function readVersion(file: string, number: number): Promise<LocalModelVersion> {
  const text = await readFile(file, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw damaged(file, excerpt((error as Error).message, 200));
  }
  const version = parsed as Partial<LocalModelVersion> | null;
  if (typeof version !== "object" || version === null || Array.isArray(version)) throw damaged(file, "it is not a JSON object");
  const deep = tooDeepAt(version, text.length, MAX_FILE_DEPTH);
  if (deep !== undefined) throw damaged(file, `it is ${deep}`);
  if (version.modelPackageVersion !== number) throw damaged(file, `its modelPackageVersion is ${quoted(version.modelPackageVersion)}, not ${number}`);
  if (typeof version.approvalStatus !== "string") throw damaged(file, "it has no approvalStatus");
  // what the readers of an entry use (the registry commands print createdAt as a date)
  for (const key of ["modelPackageGroupName", "modelPackageArn", "executionId", "pipelineName"] as const) {
    if (typeof version[key] !== "string") throw damaged(file, `$.${key} is not a string`);
  }
  if (typeof version.createdAt !== "string" || Number.isNaN(Date.parse(version.createdAt))) throw damaged(file, "$.createdAt is not a date");
  for (const key of ["metrics", "request"] as const) {
    const value: unknown = version[key];
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) throw damaged(file, `$.${key} is not an object`);
  }
  return version as LocalModelVersion;
}

function damaged(file: string, why: string): LocalRunError {
  return new LocalRunError(
    "local-registry-damaged",
    `the local model registry entry ${file} is damaged (${why}): restore it, or remove it if that version should not exist`,
  );
}

/**
 * Adds a version to a group (the next number): under a lock on the group shared by every process
 * using the workdir, so concurrent runs never give two models one number, and written atomically.
 */
export async function addLocalModelVersion(workdir: string, entry: Omit<LocalModelVersion, "modelPackageVersion" | "modelPackageArn">): Promise<LocalModelVersion> {
  const group = entry.modelPackageGroupName;
  const problem = resourceNameProblem(group, "model package group");
  if (problem !== undefined) throw new LocalRunError("local-invalid-name", problem);
  const dir = join(workdir, "registry", group);
  return withLock(join(dir, ".lock"), async () => {
    const existing = await listLocalModelVersions(workdir, group);
    const version = (existing.at(-1)?.modelPackageVersion ?? 0) + 1;
    const saved: LocalModelVersion = {
      ...entry,
      modelPackageVersion: version,
      modelPackageArn: localArn("model-package", `${group}/${version}`),
    };
    await writeFileAtomic(join(dir, `${version}.json`), `${JSON.stringify(saved, null, 2)}\n`);
    return saved;
  });
}
