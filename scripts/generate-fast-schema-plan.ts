// Writes src/validate/fast-schema-plan-data.ts: the plan of the step schemas that compile's
// interpreted fast check reads instead of building them (src/validate/fast-schema-plan.ts; issue 17).
// Run it after changing a definition schema: `npm run generate:fast-schema-plan`. A unit test fails
// while the file is not what this writes.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { planSource } from "../src/validate/fast-schema-plan-source.js";

const { source, undescribed } = planSource();
const out = fileURLToPath(new URL("../src/validate/fast-schema-plan-data.ts", import.meta.url));
writeFileSync(out, source);
console.log(`wrote ${out} (${source.length} characters)`);
if (undescribed.length > 0) console.log(`not described (the interpreted check judges these):\n  ${undescribed.join("\n  ")}`);
