// After tsup: dist/index.d.ts and dist/index.d.cts come out identical (over 1 MB each). The ES module
// entry's declarations become a re-export of the CommonJS entry's, so the package ships them once.
// ES modules may import CommonJS, so this resolves for import and require consumers alike
// (node16/nodenext, bundler and node10 resolution; checked by test/package/consumer.test.ts).
import { readFileSync, writeFileSync } from "node:fs";

const esm = new URL("../dist/index.d.ts", import.meta.url);
const cjs = new URL("../dist/index.d.cts", import.meta.url);
if (readFileSync(esm, "utf8") !== readFileSync(cjs, "utf8")) {
  console.error("share-declarations: dist/index.d.ts and dist/index.d.cts differ; not replacing one with a re-export of the other");
  process.exit(1);
}
writeFileSync(esm, '// The declarations of the CommonJS entry: the same API.\nexport * from "./index.cjs";\n');
