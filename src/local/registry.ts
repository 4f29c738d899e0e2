import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RegisteredModel } from "../runtime/run-record.js";
import { localArn } from "./step-properties.js";

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
 * @example
 * ```ts
 * const versions = await listLocalModelVersions(".sagepipe", "churn-models");
 * versions.at(-1)?.metrics; // { "ModelQuality.Statistics": { metrics: { accuracy: { value: 0.87 } } } }
 * ```
 */
export async function listLocalModelVersions(workdir: string, group: string): Promise<LocalModelVersion[]> {
  const dir = join(workdir, "registry", group);
  const files = await readdir(dir).catch(() => [] as string[]);
  const versions = await Promise.all(
    files.filter((file) => /^\d+\.json$/.test(file)).map(async (file) => JSON.parse(await readFile(join(dir, file), "utf8")) as LocalModelVersion),
  );
  return versions.sort((a, b) => a.modelPackageVersion - b.modelPackageVersion);
}

let registryLock: Promise<unknown> = Promise.resolve();

/** Adds a version to a group (the next number), serialized so parallel registrations do not collide. */
export async function addLocalModelVersion(workdir: string, entry: Omit<LocalModelVersion, "modelPackageVersion" | "modelPackageArn">): Promise<LocalModelVersion> {
  const task = registryLock.then(async () => {
    const existing = await listLocalModelVersions(workdir, entry.modelPackageGroupName);
    const version = (existing.at(-1)?.modelPackageVersion ?? 0) + 1;
    const saved: LocalModelVersion = {
      ...entry,
      modelPackageVersion: version,
      modelPackageArn: localArn("model-package", `${entry.modelPackageGroupName}/${version}`),
    };
    const dir = join(workdir, "registry", entry.modelPackageGroupName);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${version}.json`), `${JSON.stringify(saved, null, 2)}\n`);
    return saved;
  });
  registryLock = task.catch(() => undefined);
  return task;
}
