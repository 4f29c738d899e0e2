import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { sagepipe: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.js", "examples/**/*.test.ts"],
    exclude: ["test/integ/**", "node_modules/**"],
    setupFiles: ["test/setup/fail-on-console.ts"],
    // vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine, where
    // most of a test file's time is loading the source tree (each file loads it anew). Two workers
    // there cut the suite's wall time; larger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // a timeout catches a hung test, it is not a speed target (those are benchmarks): vitest's 5 s default
    // failed tests that start a few processes when the machine was busy (a run-local retry test took 5.2 s)
    testTimeout: 30_000,
    // the AWS SDK warns once per process that it will need Node 22 after January 2027: not news in a test run
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
