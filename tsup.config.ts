import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: false,
    clean: false,
    target: "node20",
  },
  {
    // dist/cli.js turns node's compile cache on (Node 22.1+), then imports dist/cli-main.js
    entry: { cli: "src/cli/bin.ts", "cli-main": "src/cli/main.ts" },
    format: ["esm"],
    // two self-contained files (both use src/cli/cache-dir.ts): no shared chunk in the package
    splitting: false,
    external: ["jiti"],
    sourcemap: false,
    target: "node20",
  },
]);
