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
