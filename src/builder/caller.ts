import { dirname, isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory of the file whose code called `callee`, read from the V8 call sites; `undefined`
 * when it cannot be told (code from `eval`, the REPL, `node -e`). The file is the one Node runs: a
 * TypeScript file run by tsx, jiti or vitest is itself; one compiled by tsc into `dist/` is the
 * `.js` file there.
 *
 * @example
 * ```ts
 * export function pipeline(name: string) { const dir = callerDirectory(pipeline); ... }
 * ```
 */
export function callerDirectory(callee: Function): string | undefined {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let sites: readonly NodeJS.CallSite[] = [];
  try {
    Error.stackTraceLimit = 5;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callee);
    if (Array.isArray(holder.stack)) sites = holder.stack as NodeJS.CallSite[];
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = limit;
  }
  const file = sites[0]?.getFileName() ?? undefined;
  if (file === undefined || file.startsWith("node:")) return undefined;
  let path: string;
  try {
    path = file.startsWith("file:") ? fileURLToPath(file) : file;
  } catch {
    return undefined;
  }
  return isAbsolute(path) ? dirname(path) : undefined;
}
