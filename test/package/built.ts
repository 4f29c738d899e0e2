import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The repository root. */
export const root = join(__dirname, "../..");

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Why a test of the built package cannot run, or "" when it can: it tests dist/ (npm install and
 * npm ci build it), and a dist/ older than the source or the build's configuration would test the past.
 */
export function staleBuild(): string {
  let built: number;
  try {
    built = statSync(join(root, "dist/index.d.cts")).mtimeMs;
  } catch {
    return "(skipped: no dist/: npm run build)";
  }
  const inputs = ["src", "package.json", "tsup.config.ts", "scripts/share-declarations.mjs"].map((path) => newest(join(root, path)));
  return built < Math.max(...inputs) ? "(skipped: dist/ is older than src/ or the build configuration: npm run build)" : "";
}
