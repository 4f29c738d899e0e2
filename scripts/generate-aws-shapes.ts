/**
 * Generates src/aws/sagemaker-shapes.ts: sagepipe's own declarations of the SageMaker API shapes its
 * public types use (the requests `rawStep` and the step options take, the responses property trees
 * are typed from, the execution and model-package types the AWS helpers return), copied from the
 * installed `@aws-sdk/client-sagemaker`'s model declarations with everything they reach.
 *
 * Why: a public type that imports the SDK's models makes every program that imports sagepipe read
 * the SDK's whole declarations (about 1,200 files, 180,000 lines: several seconds of `tsc`), although
 * a pipeline uses a few hundred of its shapes. The runtime still calls the SDK; only the types come
 * from here. test/types/aws-shapes.test-d.ts checks each generated type against the SDK's (the same
 * members, each way assignable), and test/aws/aws-shapes.test.ts that this file is what this script
 * writes from the installed SDK, so they cannot drift apart: after updating the SDK, run
 *
 *   npm run generate:aws-shapes
 *
 * What the copy changes: documentation comments are left out (they are most of the SDK's text; the
 * SDK's API reference has them); an enum (`const X = {...}` with `type X = (typeof X)[keyof typeof X]`)
 * becomes its union of string literals, and a numeric `enum` its union of numbers (sagepipe has no
 * use for the runtime objects); `any` becomes `unknown` (in a union's `$unknown` member); a union's
 * `Visitor` interface is left out.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(root, "src", "aws", "sagemaker-shapes.ts");
export const TYPE_TEST = join(root, "test", "types", "aws-shapes.test-d.ts");

/** The shapes sagepipe's types name (src/ imports them from ./sagemaker-shapes.js). */
export const ROOTS = [
  "AutoMLMetricEnum",
  "AutoMLS3DataType",
  "CreateAutoMLJobRequest",
  "CreateEndpointConfigInput",
  "CreateEndpointInput",
  "CreateHyperParameterTuningJobRequest",
  "CreateInferenceComponentInput",
  "CreateModelInput",
  "CreateModelPackageInput",
  "CreateProcessingJobRequest",
  "CreateTrainingJobRequest",
  "CreateTransformJobRequest",
  "DescribeAutoMLJobResponse",
  "DescribeEndpointConfigOutput",
  "DescribeEndpointOutput",
  "DescribeHyperParameterTuningJobResponse",
  "DescribeInferenceComponentOutput",
  "DescribeModelOutput",
  "DescribeModelPackageOutput",
  "DescribePipelineExecutionResponse",
  "DescribePipelineResponse",
  "DescribeProcessingJobResponse",
  "DescribeTrainingJobResponse",
  "DescribeTransformJobResponse",
  "HyperParameterTrainingJobDefinition",
  "ListTrainingJobsForHyperParameterTuningJobResponse",
  "ModelMetrics",
  "ModelPackageStatus",
  "ModelPackageSummary",
  "PipelineExecutionStatus",
  "PipelineExecutionStep",
  "PipelineExecutionStepMetadata",
  "ProblemType",
  "StepStatus",
] as const;

/** Types the models import from @smithy packages, declared here by their shape. */
const SMITHY: Readonly<Record<string, string>> = {
  // @smithy/core/serde's AutomaticJsonStringConversion: a value the SDK writes as JSON text
  __AutomaticJsonStringConversion: "export type __AutomaticJsonStringConversion = Parameters<typeof JSON.stringify>[0] | { toString(): string; toJSON(): string };",
};

/** The language's own types the models use. */
const GLOBALS = new Set(["Record", "Date", "Uint8Array", "Array", "Parameters", "Partial"]);

export interface Generated {
  readonly text: string;
  /** test/types/aws-shapes.test-d.ts: each shape against the SDK's. */
  readonly typeTest: string;
  readonly names: readonly string[];
  readonly sdkVersion: string;
}

export function generate(): Generated {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@aws-sdk/client-sagemaker/package.json");
  const sdkVersion = (require(packageJson) as { version: string }).version;
  const models = join(dirname(packageJson), "dist-types", "models");
  const options: ts.CompilerOptions = { noEmit: true, skipLibCheck: true, types: [] };
  // parent pointers set: the copy reads the declarations' text
  const program = ts.createProgram({ rootNames: [join(dirname(packageJson), "dist-types", "index.d.ts")], options, host: ts.createCompilerHost(options, true) });
  const declarations = new Map<string, ts.Statement[]>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(models)) continue;
    for (const statement of file.statements) {
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isModuleDeclaration(statement) || ts.isEnumDeclaration(statement)) {
        const name = statement.name.text;
        declarations.set(name, [...(declarations.get(name) ?? []), statement]);
      }
    }
  }

  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const emitted = new Map<string, string>();
  const smithy = new Set<string>();
  const queue: string[] = [...ROOTS];
  const enqueue = (name: string) => {
    if (SMITHY[name] !== undefined) smithy.add(name);
    else if (GLOBALS.has(name)) return;
    else if (!emitted.has(name) && !queue.includes(name)) queue.push(name);
  };
  /** any → unknown, and the names referenced queued. */
  const transform = <T extends ts.Node>(node: T): T =>
    ts.transform(node, [
      (context) => {
        const visit = (child: ts.Node): ts.Node => {
          if (child.kind === ts.SyntaxKind.AnyKeyword) return context.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
          if (ts.isTypeReferenceNode(child)) {
            let name = child.typeName;
            while (ts.isQualifiedName(name)) name = name.left;
            enqueue(name.text);
          }
          return ts.visitEachChild(child, visit, context);
        };
        return (top) => ts.visitNode(top, visit) as T;
      },
    ]).transformed[0]! as T;

  while (queue.length > 0) {
    const name = queue.shift()!;
    if (emitted.has(name)) continue;
    const found = declarations.get(name);
    if (found === undefined) throw new Error(`generate-aws-shapes: no declaration of ${name} in ${models}`);
    const texts: string[] = [];
    for (const statement of found) {
      if (ts.isTypeAliasDeclaration(statement) && isEnumAlias(statement)) {
        texts.push(`export type ${name} = ${enumLiterals(program, name, models).join(" | ")};`);
      } else if (ts.isEnumDeclaration(statement)) {
        // a numeric enum: its values
        const values = statement.members.map((member) => {
          if (member.initializer === undefined || !ts.isNumericLiteral(member.initializer)) throw new Error(`generate-aws-shapes: enum ${name} has a member without a number`);
          return member.initializer.text;
        });
        texts.push(`export type ${name} = ${values.join(" | ")};`);
      } else if (ts.isModuleDeclaration(statement)) {
        // a union's members; its Visitor (for the SDK's visit helper) is not a shape
        const body = statement.body as ts.ModuleBlock;
        const members = body.statements.filter((member) => !(ts.isInterfaceDeclaration(member) && member.name.text === "Visitor"));
        const copy = ts.factory.updateModuleDeclaration(statement, statement.modifiers, statement.name, ts.factory.updateModuleBlock(body, members));
        texts.push(printer.printNode(ts.EmitHint.Unspecified, transform(copy), statement.getSourceFile()));
      } else {
        texts.push(printer.printNode(ts.EmitHint.Unspecified, transform(statement), statement.getSourceFile()));
      }
    }
    emitted.set(name, texts.join("\n"));
  }

  const names = [...emitted.keys()].sort();
  const header = `// Generated by scripts/generate-aws-shapes.ts from @aws-sdk/client-sagemaker ${sdkVersion}'s model
// declarations: do not edit (run \`npm run generate:aws-shapes\`). The SageMaker API shapes sagepipe's
// public types use, so that importing sagepipe does not load the SDK's declarations;
// test/types/aws-shapes.test-d.ts checks that each is the SDK's type. ${names.length} shapes.
`;
  const body = [...[...smithy].sort().map((name) => SMITHY[name]!), ...names.map((name) => emitted.get(name)!)].join("\n");
  const typeTest = `// Generated by scripts/generate-aws-shapes.ts with src/aws/sagemaker-shapes.ts: do not edit (run
// \`npm run generate:aws-shapes\`). Each of sagepipe's declarations of a SageMaker API shape is the
// SDK's type: assignable each way, with the same keys (a member the SDK adds, even an optional one,
// fails here). Nested shapes are declared by name too, so each is checked on its own line.
import type * as Sdk from "@aws-sdk/client-sagemaker";
import { describe, expectTypeOf, it } from "vitest";
import type * as Ours from "../../src/aws/sagemaker-shapes.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;

describe("sagepipe's SageMaker API shapes are @aws-sdk/client-sagemaker's", () => {
  it("each of the ${names.length} shapes", () => {
${names.map((name) => `    expectTypeOf<Same<Sdk.${name}, Ours.${name}>>().toEqualTypeOf<true>();`).join("\n")}
  });
});
`;
  return { text: `${header}${body}\n`, typeTest, names, sdkVersion };
}

/** `type X = (typeof X)[keyof typeof X]`, the SDK's enums. */
function isEnumAlias(statement: ts.TypeAliasDeclaration): boolean {
  return ts.isIndexedAccessTypeNode(statement.type) && /^\(typeof \w+\)\[keyof typeof \w+\]$/.test(statement.type.getText(statement.getSourceFile()));
}

function enumLiterals(program: ts.Program, name: string, models: string): string[] {
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(models)) continue;
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || declaration.type === undefined || !ts.isTypeLiteralNode(declaration.type)) continue;
        return declaration.type.members.map((member) => {
          if (!ts.isPropertySignature(member) || member.type === undefined || !ts.isLiteralTypeNode(member.type)) throw new Error(`generate-aws-shapes: enum ${name} has a member that is not a literal`);
          return member.type.getText(file);
        });
      }
    }
  }
  throw new Error(`generate-aws-shapes: no enum object ${name}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const generated = generate();
  writeFileSync(OUTPUT, generated.text);
  writeFileSync(TYPE_TEST, generated.typeTest);
  console.log(`wrote ${OUTPUT}: ${generated.names.length} shapes from @aws-sdk/client-sagemaker ${generated.sdkVersion}`);
}
