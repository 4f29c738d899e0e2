import { existsSync, mkdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

// Where the CLI keeps what it caches between runs: jiti's transformed pipeline files, and node's
// compiled code (Node 22.1+). Both are code the next run executes, so they never go to the shared OS
// temp directory (jiti's default when the pipeline file has no node_modules beside it: /tmp/jiti,
// which anyone on the machine can create first and fill), only to a directory this user owns and
// no one else can write: `node_modules/.cache/sagepipe/<name>` of the project sagepipe is installed
// in (or of this checkout), else `$XDG_CACHE_HOME` or `~/.cache`, `sagepipe/<name>`. When neither
// is usable, nothing is cached (slower, never unsafe).

/**
 * @internal A cache directory for `name` that only this user can write, created if need be, or
 * `undefined` when there is none. `from` is where to look for the project's `node_modules`
 * (default: this file).
 *
 * @example
 * ```ts
 * privateCacheDir("jiti") // "/home/me/project/node_modules/.cache/sagepipe/jiti"
 * ```
 */
export function privateCacheDir(name: string, from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (const base of cacheBases(from)) {
    const dir = join(base, "sagepipe", name);
    if (isPrivateDirectory(dir)) return dir;
  }
  return undefined;
}

/** The directories a cache may go under, in order of preference. */
function cacheBases(from: string): string[] {
  const bases: string[] = [];
  // installed: <project>/node_modules/sagepipe/dist/...: the project's node_modules
  const parts = from.split(sep);
  const installed = parts.indexOf("node_modules");
  if (installed > 0) bases.push(join(parts.slice(0, installed + 1).join(sep) || sep, ".cache"));
  else {
    // a checkout (dist/ or src/): the nearest node_modules above
    for (let dir = dirname(from); ; dir = dirname(dir)) {
      if (existsSync(join(dir, "node_modules"))) {
        bases.push(join(dir, "node_modules", ".cache"));
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  const xdg = process.env.XDG_CACHE_HOME;
  bases.push(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"));
  return bases;
}

/** True when `dir` is (or could be made) a directory of this user's that others cannot write. */
function isPrivateDirectory(dir: string): boolean {
  try {
    // the directories above it (node_modules/.cache, ...) as any tool makes them; only its own is 0700
    mkdirSync(dirname(dir), { recursive: true });
    if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
    const stat = statSync(dir);
    if (!stat.isDirectory()) return false;
    // Windows has no uid or POSIX modes: a project's or a profile's directory is the user's
    if (typeof process.getuid !== "function") return true;
    return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
