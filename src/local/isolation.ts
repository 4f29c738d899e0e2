import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalIsolation, LocalIsolationMode } from "../runtime/run-record.js";

/** What `runLocal`'s `isolation` option asks for: `"auto"` takes a private mount namespace when possible. */
export type LocalIsolationRequest = "auto" | LocalIsolationMode;

/** How `/opt/ml` is made a mount point when the machine has none: an overlay of `/opt`, or a tmpfs. */
export type OptMount = "overlay" | "tmpfs";

/** A way to run a step with a private `/opt/ml`. */
export interface NamespaceLauncher {
  /** The `unshare` command and options. */
  readonly unshare: readonly string[];
  /** `uid:gid` to map back to inside the namespace (a user namespace makes the step root otherwise). */
  readonly mapBack: string;
  readonly detail: string;
}

/**
 * Runs in the new mount namespace (as `sh -c SCRIPT sagepipe-opt-ml <sandbox ml> <scratch> <uid:gid>
 * <opt mount> <command...>`): makes `/opt/ml` a mount point if the machine has none (an overlay of
 * `/opt` whose upper layer is a tmpfs on the scratch directory, or where overlayfs is not allowed a
 * tmpfs on `/opt` with each of its entries bound back), binds the sandbox on it, maps back to the
 * caller's uid, and executes the command. Mounts are private to the namespace: the host sees none of
 * them. Exit code 125 and a `sagepipe:` line when a mount fails.
 */
const SCRIPT = `ml=$1; scratch=$2; back=$3; optmount=$4; shift 4
fail() { echo "sagepipe: could not give the step a private /opt/ml: $*" >&2; exit 125; }
if [ ! -d /opt/ml ]; then
  [ -d /opt ] || fail "/opt does not exist on this machine"
  mount -t tmpfs -o mode=0755 sagepipe "$scratch" || fail "cannot mount a tmpfs on $scratch"
  mkdir "$scratch/upper" "$scratch/upper/ml" "$scratch/work" "$scratch/host" || fail "cannot create directories in $scratch"
  if [ "$optmount" = tmpfs ] || ! (cd "$scratch" && mount -t overlay sagepipe -o lowerdir=/opt,upperdir=upper,workdir=work /opt 2>/dev/null); then
    mount --rbind /opt "$scratch/host" || fail "cannot bind /opt"
    mount -t tmpfs -o mode=0755 sagepipe /opt || fail "cannot mount a tmpfs on /opt"
    for entry in "$scratch"/host/* "$scratch"/host/.[!.]* "$scratch"/host/..?*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      name=\${entry##*/}
      if [ -L "$entry" ]; then ln -s "$(readlink "$entry")" "/opt/$name"
      elif [ -d "$entry" ]; then mkdir "/opt/$name" && mount --rbind "$entry" "/opt/$name"
      else : > "/opt/$name" && mount --bind "$entry" "/opt/$name"
      fi || fail "cannot bind /opt/$name back"
    done
    mkdir /opt/ml || fail "cannot create /opt/ml"
  fi
fi
mount --bind "$ml" /opt/ml || fail "cannot bind the step's sandbox on /opt/ml"
if [ -n "$back" ]; then exec unshare --user --map-user="\${back%:*}" --map-group="\${back#*:}" -- "$@"; fi
exec "$@"`;

/** Exit code of the namespace script when it cannot set up `/opt/ml`. */
export const NAMESPACE_SETUP_FAILED = 125;

/** The command that runs `command` with `sandboxMl` as its `/opt/ml`. */
export function namespaceCommand(
  launcher: NamespaceLauncher,
  sandboxMl: string,
  scratch: string,
  command: readonly string[],
  optMount: OptMount = "overlay",
): { executable: string; args: string[] } {
  const [unshare, ...options] = launcher.unshare;
  return { executable: unshare ?? "unshare", args: [...options, "--", "sh", "-c", SCRIPT, "sagepipe-opt-ml", sandboxMl, scratch, launcher.mapBack, optMount, ...command] };
}

/** The launchers to try, most direct first. */
function candidates(): NamespaceLauncher[] {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  const found: NamespaceLauncher[] = [];
  if (uid === 0) found.push({ unshare: ["unshare", "--mount", "--propagation", "private"], mapBack: "", detail: "each step runs in a private mount namespace where /opt/ml is its sandbox (unshare --mount, as root)" });
  const userNs = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"];
  if (uid > 0) found.push({ unshare: userNs, mapBack: `${uid}:${gid}`, detail: "each step runs in a private mount namespace where /opt/ml is its sandbox (unshare --user --mount: a user namespace; the step keeps your uid)" });
  found.push({ unshare: userNs, mapBack: "", detail: "each step runs in a private mount namespace where /opt/ml is its sandbox (unshare --user --map-root-user --mount: a user namespace; the step runs as root inside it)" });
  return found;
}

let probed: Promise<{ launcher?: NamespaceLauncher; reasons: string[] }> | undefined;

/**
 * Tries each launcher once per process (in a directory made under `dir`, the first run's workdir,
 * which is writable where a temporary directory may not be): the first that gives a test command a
 * private `/opt/ml` wins.
 */
function probe(dir: string): Promise<{ launcher?: NamespaceLauncher; reasons: string[] }> {
  probed ??= (async () => {
    const reasons: string[] = [];
    for (const launcher of candidates()) {
      const reason = await tryLauncher(launcher, dir).catch((error: unknown) => `the test failed: ${(error as Error).message}`);
      if (reason === undefined) return { launcher, reasons };
      reasons.push(`${launcher.unshare.join(" ")}: ${reason}`);
    }
    return { reasons };
  })();
  return probed;
}

/** Undefined when the launcher works; otherwise why not. */
async function tryLauncher(launcher: NamespaceLauncher, parent: string): Promise<string | undefined> {
  const dir = await mkdtemp(join(parent, ".isolation-probe-"));
  try {
    const ml = join(dir, "ml");
    const scratch = join(dir, "scratch");
    await mkdir(ml);
    await mkdir(scratch);
    const marker = `sagepipe-probe-${process.pid}-${Date.now()}`;
    const { executable, args } = namespaceCommand(launcher, ml, scratch, ["sh", "-c", `echo ok > /opt/ml/${marker}`]);
    const result = await new Promise<{ code: number | null; error?: string; stderr: string }>((done) => {
      let stderr = "";
      const child = spawn(executable, args, { stdio: ["ignore", "ignore", "pipe"] });
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-2000)));
      child.on("error", (error: NodeJS.ErrnoException) => done({ code: null, error: error.code === "ENOENT" ? "not installed (util-linux)" : error.message, stderr }));
      child.on("close", (code) => (clearTimeout(timer), done({ code, stderr })));
    });
    if (result.error !== undefined) return result.error;
    if (existsSync(join("/opt/ml", marker))) return "the test wrote to the real /opt/ml"; // never expected; never trusted
    if (result.code === 0 && existsSync(join(ml, marker))) return undefined;
    const said = result.stderr.trim().split("\n").at(-1)?.replace(/^unshare: /, "");
    return said !== undefined && said !== "" ? said : `exit code ${String(result.code)}`;
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The isolation a run uses: a private mount namespace when asked for and possible (probed under `dir`). */
export async function chooseIsolation(request: LocalIsolationRequest, dir: string = tmpdir()): Promise<LocalIsolation & { readonly launcher?: NamespaceLauncher; readonly unavailable?: string }> {
  if (request === "detect") return { mode: "detect", detail: "writes to the real /opt/ml are detected (isolation: \"detect\" was asked for)" };
  if (process.platform !== "linux") {
    const why = `private mount namespaces need Linux (this is ${process.platform})`;
    return { mode: "detect", detail: `${why}: writes to the real /opt/ml are detected`, unavailable: why };
  }
  const { launcher, reasons } = await probe(dir);
  if (launcher !== undefined) return { mode: "mount-namespace", detail: launcher.detail, launcher };
  const why = `no private mount namespace is possible here (${reasons.join("; ")})`;
  return { mode: "detect", detail: `${why}: writes to the real /opt/ml are detected`, unavailable: why };
}

/** What `/opt/ml` held when a step started: path → type, size and modification time. */
export type OptMlSnapshot = ReadonlyMap<string, string>;

const SNAPSHOT_LIMIT = 20_000;

/** Lists the machine's real `/opt/ml` (up to 20,000 entries), to see what a step changes there. */
export async function snapshotOptMl(root = "/opt/ml"): Promise<OptMlSnapshot> {
  const found = new Map<string, string>();
  const walk = async (path: string): Promise<void> => {
    if (found.size >= SNAPSHOT_LIMIT) return;
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) return;
    found.set(path, `${info.isDirectory() ? "d" : "f"}:${info.size}:${info.mtimeMs}`);
    if (!info.isDirectory()) return;
    for (const name of (await readdir(path).catch(() => [] as string[])).sort()) await walk(join(path, name));
  };
  await walk(root);
  return found;
}

/** Paths added, changed or removed between two snapshots (files before directories, at most `limit`). */
export function optMlChanges(before: OptMlSnapshot, after: OptMlSnapshot, limit = 5): { paths: string[]; total: number } {
  const changed: string[] = [];
  for (const [path, state] of after) if (before.get(path) !== state) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  const files = changed.filter((path) => after.get(path)?.startsWith("f") ?? before.get(path)?.startsWith("f") ?? false);
  const ordered = [...files, ...changed.filter((path) => !files.includes(path))];
  return { paths: ordered.slice(0, limit), total: changed.length };
}
