// pretest: `npm install` in a clone builds only the JavaScript (the `postprepare` script: seconds;
// the declarations take a minute or more, and `npx sagepipe` does not need them). The package tests
// check the built declarations (test/package/), so before the first `npm test` of a clone, whose
// dist/ has none, this builds everything. A dist/ whose declarations are older than the source is
// left as it is: those tests then say they are skipped and why (`npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(new URL("../dist/index.d.cts", import.meta.url))) {
  console.error("pretest: dist/ has no type declarations yet (npm install builds only the JavaScript): npm run build");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
