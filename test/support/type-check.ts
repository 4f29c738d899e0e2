import { join } from "node:path";
import ts from "typescript";

const root = join(__dirname, "../..");

/** A TypeScript file held in memory, at a path of the repository (so that `sagepipe` resolves as in the project). */
export interface SourceFile {
  readonly file: string;
  readonly code: string;
}

/**
 * The diagnostics of type-checking `files` in memory, in one program, with the project's compiler
 * options (tsconfig.json): `<file relative to the root>:<line>: <message>`. Only diagnostics of the
 * given files are returned. `allowUnused` turns noUnusedLocals/Parameters off (for examples that
 * name a value to show it).
 */
export function typeCheck(files: readonly SourceFile[], { allowUnused = false }: { allowUnused?: boolean } = {}): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error("tsconfig.json could not be read");
  const options: ts.CompilerOptions = { ...config.options, ...(allowUnused ? { noUnusedLocals: false, noUnusedParameters: false } : {}), noEmit: true };
  const inMemory = new Map(files.map(({ file, code }) => [file, code]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => inMemory.has(name) || fileExists.call(host, name);
  host.readFile = (name) => inMemory.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError, create) => {
    const code = inMemory.get(name);
    return code === undefined ? getSourceFile.call(host, name, language, onError, create) : ts.createSourceFile(name, code, language);
  };
  const program = ts.createProgram({ rootNames: [...inMemory.keys()], options, host });
  // the given files' own diagnostics only: checking every file of sagepipe too (getPreEmitDiagnostics)
  // took a minute on a busy machine, for the same answer
  return [...inMemory.keys()]
    .flatMap((name) => {
      const file = program.getSourceFile(name);
      if (file === undefined) throw new Error(`${name} was not read`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    })
    .map((diagnostic) => {
      const where = diagnostic.file === undefined || diagnostic.start === undefined ? undefined : diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const name = diagnostic.file?.fileName.slice(root.length + 1) ?? "";
      return `${name}${where === undefined ? "" : `:${where.line + 1}`}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
}

/** A file at the repository's root, for {@link typeCheck}. */
export const atRoot = (name: string): string => join(root, name);

/**
 * Runs a TypeScript module in-process as a bundler would load it: transpiled to CommonJS, its
 * imports served from `modules` (e.g. `{ sagepipe, zod }`). Returns its exports.
 */
export function runModule(code: string, modules: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (!Object.hasOwn(modules, id)) throw new Error(`the module imports "${id}", which the test does not provide`);
    return modules[id];
  };
  new Function("require", "module", "exports", js)(require, module, module.exports);
  return module.exports;
}
