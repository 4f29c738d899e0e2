/**
 * Generates src/images/image-uri-data.ts: the facts behind `imageUri()` — which ECR registry
 * (AWS account) serves each prebuilt SageMaker image in each region, and its repository, versions,
 * version aliases, Python versions, processor types, container versions and tag prefixes — read
 * from the SageMaker Python SDK's image URI configuration (`src/sagemaker/image_uri_config/*.json`,
 * Apache-2.0). Only the data is carried over; the lookup in src/images/image-uri.ts is sagepipe's.
 *
 * Run with a clone of github.com/aws/sagemaker-python-sdk and the tag or commit to read:
 *
 *     npx jiti scripts/generate-image-uris.ts /path/to/sagemaker-python-sdk v2.257.6
 *
 * Compact format (decoded by src/images/image-uri.ts):
 * - `regions`: every region named by any registry, sorted; `accounts`: every account, sorted;
 * - `registries`: each distinct region → account map, as an array over `regions` of an index into
 *   `accounts` (-1: the image is not in that region);
 * - `frameworks`: each config file as the SDK has it, except that every `registries` object is
 *   replaced by its index in `registries`.
 * The JSON is shipped Brotli-compressed in base64 (about 10 KB instead of 82 KB of source to
 * load at import) and decoded and parsed on the first lookup.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const OUTPUT = fileURLToPath(new URL("../src/images/image-uri-data.ts", import.meta.url));
const CONFIG_DIR = "src/sagemaker/image_uri_config";

/**
 * Config files left out, with the reason. `instance_gpu_info.json` is not an image
 * configuration (GPU counts per instance type).
 */
const EXCLUDED: Readonly<Record<string, string>> = {
  instance_gpu_info: "GPU counts per instance type, not images",
};

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const [repo, ref] = process.argv.slice(2);
if (repo === undefined || ref === undefined) {
  console.error("usage: jiti scripts/generate-image-uris.ts <sagemaker-python-sdk clone> <tag or commit>");
  process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const commit = git("rev-parse", `${ref}^{commit}`).trim();
const files = git("ls-tree", "--name-only", `${commit}:${CONFIG_DIR}`)
  .split("\n")
  .filter((name) => name.endsWith(".json"))
  .map((name) => name.slice(0, -".json".length))
  .filter((name) => !(name in EXCLUDED))
  .sort();

const configs = new Map<string, Json>(files.map((name) => [name, JSON.parse(git("show", `${commit}:${CONFIG_DIR}/${name}.json`)) as Json]));

// Every registry map, to number regions and accounts.
const registryMaps: Record<string, string>[] = [];
const collect = (value: Json): void => {
  if (Array.isArray(value)) value.forEach(collect);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "registries") registryMaps.push(child as Record<string, string>);
      else collect(child);
    }
  }
};
configs.forEach(collect);
const regions = [...new Set(registryMaps.flatMap((map) => Object.keys(map)))].sort();
const accounts = [...new Set(registryMaps.flatMap((map) => Object.values(map)))].sort();
const regionIndex = new Map(regions.map((region, i) => [region, i]));
const accountIndex = new Map(accounts.map((account, i) => [account, i]));

const registries: number[][] = [];
const registryIndex = new Map<string, number>();
const registryOf = (map: Record<string, string>): number => {
  const encoded = regions.map((region) => (map[region] === undefined ? -1 : (accountIndex.get(map[region]!) ?? -1)));
  const key = encoded.join(",");
  let index = registryIndex.get(key);
  if (index === undefined) {
    index = registries.length;
    registries.push(encoded);
    registryIndex.set(key, index);
  }
  return index;
};
const encode = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(encode);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, key === "registries" ? registryOf(child as Record<string, string>) : encode(child)]),
  );
};
const frameworks = Object.fromEntries([...configs].map(([name, config]) => [name, encode(config)]));
for (const map of registryMaps) {
  for (const region of Object.keys(map)) if (!regionIndex.has(region)) throw new Error(`region ${region} not numbered`);
}

const data = JSON.stringify({ regions, accounts, registries, frameworks });
const packed = brotliCompressSync(Buffer.from(data, "utf8"), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString("base64");

// Types: the framework names, their scopes and versions (with aliases), for autocompletion and checks.
const scopesOf = (config: Json): string[] => {
  const object = config as Record<string, Json>;
  if ("scope" in object) return object.scope as string[];
  if ("versions" in object) return []; // sagemaker-base-python: one configuration, no scopes
  return Object.keys(object);
};
const versionsOf = (config: Json): string[] => {
  const object = config as Record<string, Json>;
  const scoped = "versions" in object ? [object] : Object.values(object).map((c) => c as Record<string, Json>);
  const versions = new Set<string>();
  for (const c of scoped) {
    for (const version of Object.keys((c.versions as Record<string, Json> | undefined) ?? {})) versions.add(version);
    for (const alias of Object.keys((c.version_aliases as Record<string, Json> | undefined) ?? {})) versions.add(alias);
  }
  return [...versions].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
};
const literal = (values: readonly string[]) => (values.length === 0 ? "never" : values.map((v) => JSON.stringify(v)).join(" | "));
const versionLines = [...configs].map(([name, config]) => `  readonly ${JSON.stringify(name)}: ${literal(versionsOf(config))};`);
const scopeLines = [...configs].map(([name, config]) => `  readonly ${JSON.stringify(name)}: ${literal(scopesOf(config))};`);

const source = `// Generated by scripts/generate-image-uris.ts — do not edit.
// Source: aws/sagemaker-python-sdk ${ref} (commit ${commit}), ${CONFIG_DIR}/*.json (Apache-2.0):
// registry accounts per region, repositories, versions, Python versions and processor types of
// SageMaker's prebuilt images. ${files.length} configurations, ${regions.length} regions, ${accounts.length} accounts.
// Left out: ${Object.entries(EXCLUDED).map(([name, why]) => `${name}.json (${why})`).join("; ")}.

/** Where the image table comes from. */
export const IMAGE_URI_SOURCE = {
  repository: "aws/sagemaker-python-sdk",
  ref: ${JSON.stringify(ref)},
  commit: ${JSON.stringify(commit)},
  path: ${JSON.stringify(`${CONFIG_DIR}/*.json`)},
} as const;

/** Frameworks and algorithms \`imageUri\` knows, with the versions (and version aliases) of each. */
export interface ImageVersions {
${versionLines.join("\n")}
}

/** The image scopes of each framework. */
export interface ImageScopes {
${scopeLines.join("\n")}
}

/** @internal The table: JSON, Brotli-compressed, in base64; decoded on the first lookup. */
export const IMAGE_URI_DATA =
  "${packed}";
`;
writeFileSync(OUTPUT, source);
console.log(`wrote ${OUTPUT}: ${files.length} configurations, ${regions.length} regions, ${accounts.length} accounts, ${registries.length} registries, ${data.length} bytes of JSON, ${packed.length} bytes packed, ${source.length} bytes in all`);
