import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundled } from "../support/bundle.js";
import { root, staleBuild } from "./built.js";

// What npm does with the package: for a consumer who installs it, for npx in a clone of this
// repository, and what `npm pack` puts in the tarball.

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  license: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  repository?: unknown;
  homepage?: string;
  bugs?: unknown;
};
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("the package", () => {
  it("runs no script for consumers, nor when npx links it in a clone: no prepare or install scripts", () => {
    // npm runs preinstall/install/postinstall for every consumer, and prepare for git, file: and
    // linked installs — npx links this folder for `npx sagepipe` and ran a silent full build
    const run = ["preinstall", "install", "postinstall", "prepare"].filter((script) => manifest.scripts[script] !== undefined);
    expect(run).toEqual([]);
    // the clone's `npm install` / `npm ci` build dist/'s JavaScript (the root project's own lifecycle:
    // seconds, enough for `npx sagepipe`); the declarations (a minute or more) are built by npm pack
    // and publish (prepack), `npm run build`, and before a clone's first `npm test` (pretest)
    expect(manifest.scripts.postprepare).toBe("npm run build:js");
    expect(manifest.scripts["build:js"]).toBe("tsup --no-dts");
    expect(manifest.scripts.pretest).toBe("node scripts/declarations-if-missing.mjs");
    // build output goes to stderr, so that `npm pack --json` prints only JSON
    expect(manifest.scripts.prepack).toBe("npm run build 1>&2");
  });

  it("has zod as a peer (its schemas are part of the API), the optional AWS clients as optional peers, and its metadata", () => {
    expect(manifest.dependencies.zod).toBeUndefined();
    expect(manifest.peerDependencies.zod).toBe("^4");
    expect(manifest.peerDependenciesMeta.zod).toBeUndefined();
    expect(manifest.peerDependenciesMeta["@aws-sdk/client-eventbridge"]?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta["@aws-sdk/client-scheduler"]?.optional).toBe(true);
    expect(manifest.license).toBe("Apache-2.0");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n[\s\S]+END OF TERMS AND CONDITIONS[\s\S]+limitations under the License\.\n$/);
    expect(manifest.repository).toBeDefined();
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs).toBeDefined();
  });

  const stale = staleBuild();
  it.skipIf(stale !== "")(`npm pack --json prints JSON, and the tarball holds what README's table lists (no source maps, one copy of the declarations) ${stale}`, () => {
    // --ignore-scripts: the files as they are (the build is npm install's); the build's own output goes to stderr (above)
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(out) as [{ files: { path: string; size: number }[] }];
    const files = packed.files.map((file) => file.path).sort();
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
    const section = readme.slice(readme.indexOf("### What the package ships"));
    const listed = [...section.slice(0, section.indexOf("\n\n", section.indexOf("| file |"))).matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
    expect(listed).toEqual(files);
  }, 60_000);

  it("npx sagepipe in a clone runs the built CLI at once: no rebuild, nothing installed", () => {
    // a copy of the repository's package.json next to its dist/ and node_modules: if npx ran a build
    // (a prepare script), `rm -rf dist` would remove the link and the build would fail here
    const clone = mkdtempSync(join(tmpdir(), "sagepipe-npx-"));
    cpSync(join(root, "package.json"), join(clone, "package.json"));
    symlinkSync(join(root, "dist"), join(clone, "dist"));
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
    const cache = join(clone, ".npm-cache");
    mkdirSync(cache);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_")));
    const result = spawnSync("npx", ["--cache", cache, "--offline", "--yes", "sagepipe", "--version"], { cwd: clone, encoding: "utf8", env, timeout: 60_000 });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: "" });
  }, 90_000);

  it("with a zod that is not zod 4, importing sagepipe fails at once with what to install", async () => {
    // the library bundled with its imports left as imports, in a folder with the repository's packages but zod, and a zod 3 look-alike
    // inside the repository, where "sagepipe" and the packages resolve (node_modules/.cache is not there after a fresh npm ci)
    mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
    const entry = join(mkdtempSync(join(root, "node_modules/.cache/sagepipe-zod3-")), "entry.ts");
    writeFileSync(entry, 'export * from "sagepipe";\n');
    const bundle = await bundled(entry);
    const dir = mkdtempSync(join(tmpdir(), "sagepipe-zod3-"));
    cpSync(bundle, join(dir, "sagepipe.mjs"));
    mkdirSync(join(dir, "node_modules/zod"), { recursive: true });
    for (const name of readdirSync(join(root, "node_modules"))) {
      if (name !== "zod" && !name.startsWith(".")) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
    }
    writeFileSync(join(dir, "node_modules/zod/package.json"), JSON.stringify({ name: "zod", version: "3.25.76", type: "module", main: "index.js" }));
    // zod 3's root: the v3 API (z.object, ...), no zod 4 `core`, `registry` or `toJSONSchema`
    writeFileSync(join(dir, "node_modules/zod/index.js"), "export const object = () => ({}); export const string = () => ({}); export const z = { object, string };\n");
    const result = spawnSync(process.execPath, ["-e", 'import("./sagepipe.mjs").then(() => console.log("loaded"), (e) => { console.error(`${e.name} [${e.code}]: ${e.message}`); process.exit(1); })'], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'SagepipeError [zod-unsupported]: sagepipe needs zod 4 (a peer dependency), but the "zod" it loads is an older version (zod 3 or before): npm install zod@^4 (sagepipe\'s schemas and your property-file schemas must come from one zod 4)\n',
    );
  }, 60_000);
});
