import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { root, staleBuild } from "./built.js";

// The package as a consumer gets it: dist/'s declarations, compiled with skipLibCheck: false in a
// project that has sagepipe's dependencies and peers but not the optional peers (EventBridge,
// Scheduler) nor sagepipe's development dependencies. Uses the built dist/ (npm install / npm ci
// build it): when dist/ is older than the source it would test the past, so it says so and skips.

/** What a consumer does not have: the optional peers and the SDK clients sagepipe only tests with. */
const ABSENT = new Set(["@aws-sdk/client-eventbridge", "@aws-sdk/client-scheduler", "@aws-sdk/client-bedrock", "@aws-sdk/client-emr", "@aws-sdk/client-emr-serverless", "sagepipe"]);

/** A consumer project: node_modules links the repository's packages but the absent ones, and holds a copy of the package. */
function consumer(): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-consumer-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      mkdirSync(join(modules, entry));
      for (const scoped of readdirSync(join(root, "node_modules", entry))) {
        if (!ABSENT.has(`${entry}/${scoped}`)) symlinkSync(join(root, "node_modules", entry, scoped), join(modules, entry, scoped));
      }
    } else if (!ABSENT.has(entry)) {
      symlinkSync(join(root, "node_modules", entry), join(modules, entry));
    }
  }
  const own = join(modules, "sagepipe");
  mkdirSync(own);
  cpSync(join(root, "package.json"), join(own, "package.json"));
  cpSync(join(root, "dist"), join(own, "dist"), { recursive: true });
  return dir;
}

const USE = `
const flow = pipeline("Consumer")
  .param("Threshold", "Float", { default: 0.8 })
  .fail("Stop", "stopped");
const clients: AwsClients = { config: { region: "eu-west-1" } };
const json: string = compile(flow).json;
const error: SagepipeError | undefined = undefined;
export { clients, json, error };
`;

function createProgram(dir: string, files: Record<string, string>, options: ts.CompilerOptions): ts.Program {
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
  return ts.createProgram({
    rootNames: Object.keys(files).map((name) => join(dir, name)),
    options: { strict: true, skipLibCheck: false, noEmit: true, target: ts.ScriptTarget.ES2022, types: ["node"], typeRoots: [join(dir, "node_modules/@types")], ...options },
  });
}

function check(dir: string, files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const program = createProgram(dir, files, options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file?.fileName.replace(dir, "<consumer>") ?? "";
    return `${file}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}

const skip = staleBuild();

describe("a consumer project compiles against the package with skipLibCheck: false and without the optional peers", () => {
  it.skipIf(skip !== "")(`import and require, module nodenext ${skip}`, () => {
    const dir = consumer();
    const diagnostics = check(
      dir,
      {
        "esm.mts": `import { compile, pipeline, type AwsClients, type SagepipeError } from "sagepipe";\n${USE}`,
        "cjs.cts": `import sagepipe = require("sagepipe");\nimport { compile, pipeline, type AwsClients, type SagepipeError } from "sagepipe";\nvoid sagepipe.pipeline;\n${USE}`,
      },
      { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
    );
    expect(diagnostics).toEqual([]);
  }, 120_000);

  // the ES module entry's declarations re-export the CommonJS entry's: they resolve in every mode
  // (skipLibCheck here: the declarations themselves are checked above)
  it.skipIf(skip !== "")(`the same API with moduleResolution bundler and node10 ${skip}`, () => {
    const dir = consumer();
    const file = { "index.ts": `import { compile, pipeline, type AwsClients, type SagepipeError } from "sagepipe";\n${USE}` };
    const quick = { skipLibCheck: true, esModuleInterop: true };
    expect(check(dir, file, { ...quick, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })).toEqual([]);
    expect(check(dir, file, { ...quick, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 })).toEqual([]);
    // and a name that is not exported is an error there too: the re-export is not an any
    expect(check(dir, { "index.ts": `import { notExported } from "sagepipe";\nexport { notExported };\n` }, { ...quick, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })).toEqual([
      expect.stringMatching(/TS2305 Module '"sagepipe"' has no exported member 'notExported'/),
    ]);
  }, 120_000);
});

describe("the package's declarations do not load the AWS SDK's", () => {
  // the SDK's declarations are over a thousand files: seconds of tsc in every program that imports
  // sagepipe. The public types use sagepipe's own declarations of the API shapes (generated from the
  // SDK's, test/types/aws-shapes.test-d.ts) and name clients by their shape (AwsSdkClient).
  it.skipIf(skip !== "")(`a program that imports sagepipe reads no file of @aws-sdk or @smithy ${skip}`, () => {
    const dir = consumer();
    const program = createProgram(dir, { "index.mts": `import { compile, pipeline, type AwsClients, type SagepipeError } from "sagepipe";\n${USE}` }, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    });
    const files = program.getSourceFiles().map((file) => file.fileName);
    expect(files.some((file) => file.includes("/node_modules/sagepipe/dist/"))).toBe(true);
    expect(files.filter((file) => /\/node_modules\/(@aws-sdk|@smithy)\//.test(file))).toEqual([]);
    for (const name of readdirSync(join(root, "dist")).filter((file) => /\.d\.c?ts$/.test(file))) {
      expect(readFileSync(join(root, "dist", name), "utf8"), name).not.toMatch(/(from\s+|import\()["']@(aws-sdk|smithy)\//);
    }
  }, 120_000);

  it.skipIf(skip !== "")(`the SDK's own clients are accepted where a client is taken ${skip}`, () => {
    const dir = consumer();
    const code = `import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { type AwsClients } from "sagepipe";
export const clients: AwsClients = { sagemaker: new SageMakerClient({ region: "eu-west-1" }), s3: new S3Client({ region: "eu-west-1" }) };
`;
    expect(check(dir, { "clients.mts": code }, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true })).toEqual([]);
    // and something else is not a client
    expect(
      check(dir, { "not-client.mts": `import { type AwsClients } from "sagepipe";\nexport const clients: AwsClients = { sagemaker: { region: "eu-west-1" } };\n` }, {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
      }),
    ).toEqual([expect.stringMatching(/TS2353|TS2739|TS2322/)]);
  }, 120_000);
});
