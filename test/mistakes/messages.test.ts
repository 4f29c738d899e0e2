import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The typed corpus (typed-mistakes.test-d.ts) marks each mistake with `// @ts-expect-error <text>`.
// tsc proves each is an error; this test proves what the error says: the file is type-checked with
// its directives turned into plain comments (same lines), and each marked line must get a
// diagnostic containing <text>, and no other line any diagnostic.

const root = join(__dirname, "../..");
const corpusFile = join(__dirname, "typed-mistakes.test-d.ts");
const DIRECTIVE = /^\s*\/\/ @ts-expect-error (.+)$/;

interface Expectation {
  readonly line: number;
  readonly text: string;
}

const source = readFileSync(corpusFile, "utf8");
const lines = source.split("\n");
const expectations: Expectation[] = lines.flatMap((line, index) => {
  const match = DIRECTIVE.exec(line);
  return match?.[1] === undefined ? [] : [{ line: index + 2, text: match[1].trim() }];
});

/** The corpus's diagnostics (line → flattened messages), type-checked without its directives. */
function diagnostics(): Map<number, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error("tsconfig.json could not be read");
  const options: ts.CompilerOptions = { ...config.options, noEmit: true };
  const code = source.replace(/^(\s*)\/\/ @ts-expect-error /gm, "$1// expected error: ");
  const host = ts.createCompilerHost(options);
  const { getSourceFile, readFile } = host;
  host.readFile = (name) => (name === corpusFile ? code : readFile.call(host, name));
  host.getSourceFile = (name, language, onError, create) =>
    name === corpusFile ? ts.createSourceFile(name, code, language) : getSourceFile.call(host, name, language, onError, create);
  const program = ts.createProgram({ rootNames: [corpusFile], options, host });
  const file = program.getSourceFile(corpusFile);
  if (file === undefined) throw new Error("the corpus was not read");
  const byLine = new Map<number, string[]>();
  for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
    const line = diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
    byLine.set(line, [...(byLine.get(line) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")]);
  }
  return byLine;
}

describe("the typed mistakes corpus", () => {
  it("has at least 40 mistakes", () => {
    expect(expectations.length).toBeGreaterThanOrEqual(40);
  });

  it("reports each mistake on its line, with the message it names, and nothing else", { timeout: 120_000 }, () => {
    const found = diagnostics();
    const report = expectations.map(({ line, text }) => {
      const messages = found.get(line) ?? [];
      return { line, text, ok: messages.some((message) => message.includes(text)), got: messages.map((m) => (m.length > 700 ? `${m.slice(0, 200)} … ${m.slice(-500)}` : m)).join(" | ") };
    });
    expect(report.filter((r) => !r.ok)).toEqual([]);
    const expectedLines = new Set(expectations.map((e) => e.line));
    expect([...found.keys()].filter((line) => !expectedLines.has(line)).map((line) => ({ line, messages: found.get(line) }))).toEqual([]);
  });
});
