// A cold process as a user writes it: import sagepipe, build the seed flow (examples/churn/pipeline.ts,
// bundled to plain JavaScript by bench/startup.ts into bench/.cache/), print its definition.
import { compile } from "sagepipe";
import flow from "../.cache/churn-pipeline.mjs";

process.stdout.write(compile(flow, { baseDir: new URL("../../examples/churn/", import.meta.url).pathname }).json);
