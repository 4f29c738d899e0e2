import * as z from "zod";
import { SagepipeError } from "./errors.js";

/**
 * Fails at import, with what to install, when the `zod` sagepipe resolves (a peer dependency: the
 * one your project has) is not zod 4: sagepipe's schemas and the property-file schemas you pass are
 * zod 4's, and with zod 3 they break later with a `TypeError` from inside zod.
 *
 * @example
 * ```ts
 * import "./zod-check.js"; // first import of an entry point
 * ```
 */
export function checkZodVersion(zod: object = z): void {
  const version = (zod as { core?: { version?: { major?: unknown; minor?: unknown; patch?: unknown } } }).core?.version;
  if (version?.major === 4) return;
  const found = version === undefined ? "an older version (zod 3 or before)" : `zod ${String(version.major)}.${String(version.minor)}.${String(version.patch)}`;
  throw new SagepipeError(
    "zod-unsupported",
    `sagepipe needs zod 4 (a peer dependency), but the "zod" it loads is ${found}: npm install zod@^4 (sagepipe's schemas and your property-file schemas must come from one zod 4)`,
  );
}

checkZodVersion();
