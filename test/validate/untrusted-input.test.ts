import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CompileError,
  DefinitionValidationError,
  SagepipeError,
  compile,
  diffDefinitions,
  formatDiff,
  formatIssues,
  lambdaStep,
  pipeline,
  rawStep,
  safeValidateDefinition,
  trainingStep,
  validateDefinition,
  type ValidationIssue,
} from "sagepipe";

// The reproductions of issue 13: inputs on which the validator (and the readers around it) threw,
// took seconds, or lost data. Each must now give issues at the right path, in bounded work.

type Obj = Record<string, unknown>;

const churn = (): Obj => JSON.parse(readFileSync(new URL("../fixtures/definitions/churn.json", import.meta.url), "utf8")) as Obj;
const steps = (d: Obj) => d.Steps as Obj[];
const argsOf = (d: Obj, i: number) => steps(d)[i]?.Arguments as Obj;
const codesAt = (issues: readonly ValidationIssue[]) => issues.map((issue) => `${issue.code} ${issue.jsonPath}`);

/** A value nested `depth` levels: {"a": {"a": ... "x"}}. */
function nested(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Sets an own `__proto__` (or any) key, as JSON.parse does. */
function withKey(target: Obj, key: string, value: unknown): Obj {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const role = "arn:aws:iam::123456789012:role/SageMakerRole";

describe("a Get that is not a string", () => {
  it.each([null, 42, { Get: "x" }, ["Parameters.X"]])("is an issue, not a TypeError: %j", (get) => {
    // the issue's reproduction: a Fail step's ErrorMessage
    const doc = { Version: "2020-12-01", Steps: [{ Name: "F", Type: "Fail", Arguments: { ErrorMessage: { Get: get } } }] };
    const result = safeValidateDefinition(doc);
    expect(result.success).toBe(false);
    expect(result.issues.every((issue) => issue.jsonPath.startsWith("$.Steps[0].Arguments.ErrorMessage"))).toBe(true);
    expect(() => validateDefinition(doc)).toThrow(DefinitionValidationError);
  });

  it("is an issue in a condition (compared without its type known) and in a typed field", () => {
    const d = churn();
    const condition = (argsOf(d, 3).Conditions as Obj[])[0] as Obj;
    condition.LeftValue = { Get: null };
    condition.RightValue = { Get: { Get: "x" } };
    (argsOf(d, 1).ResourceConfig as Obj).InstanceCount = { Get: 42 };
    const result = safeValidateDefinition(d);
    expect(result.success).toBe(false);
    const where = result.issues.map((issue) => issue.jsonPath).join("\n");
    expect(where).toContain("$.Steps[3].Arguments.Conditions[0].LeftValue");
    expect(where).toContain("$.Steps[3].Arguments.Conditions[0].RightValue");
    expect(where).toContain("$.Steps[1].Arguments.ResourceConfig.InstanceCount");
  });
});

describe("deep nesting", () => {
  it.each([
    ["Metadata", (d: Obj) => (d.Metadata = { owner: nested(4_100) }), "$.Metadata.owner"],
    ["an Environment value", (d: Obj) => (argsOf(d, 1).Environment = { DEEP: nested(4_100) }), "$.Steps[1].Arguments.Environment.DEEP"],
    ["Arguments", (d: Obj) => (argsOf(d, 1).Extra = nested(4_100)), "$.Steps[1].Arguments.Extra"],
  ] as const)("in %s (4,100 levels, a 10 KB file) is a too-deep issue at its path, strict and loose", (_, mutate, prefix) => {
    for (const options of [{}, { arguments: "loose" as const }]) {
      const d = churn();
      mutate(d);
      const result = safeValidateDefinition(d, options);
      expect(result.success).toBe(false);
      const deep = result.issues.find((issue) => issue.code === "too-deep");
      expect(deep?.jsonPath.startsWith(`${prefix}.a.a`)).toBe(true);
      // reported where the 101st level starts, not at the bottom of the 4,100
      expect(deep?.path.length).toBe(101);
      expect(deep?.message).toMatch(/nested more than 100 levels deep/);
    }
  });

  it("100 levels below the root are fine; 101 are not", () => {
    // Metadata is 1 level below the root, and nested(n) adds n objects under it: the deepest is n + 1 levels down
    const at = (depth: number) => {
      const d = churn();
      d.Metadata = { k: nested(depth) };
      return safeValidateDefinition(d).issues.map((issue) => issue.code);
    };
    expect(at(99)).not.toContain("too-deep");
    expect(at(100)).toContain("too-deep");
  });

  it("in a pipeline's step arguments is a CompileError, not a stack overflow", () => {
    const args = (extra: Obj) => ({
      AlgorithmSpecification: { TrainingImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", TrainingInputMode: "File" },
      RoleArn: role,
      OutputDataConfig: { S3OutputPath: "s3://bucket/out" },
      ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
      ...extra,
    });
    const deep = pipeline("P").add(rawStep("Train", "Training", { arguments: args({ HyperParameters: { a: nested(10_000) } }) as never }));
    expect(() => compile(deep)).toThrow(CompileError);
    try {
      compile(deep);
    } catch (error) {
      const issue = (error as CompileError).issues.find((i) => i.code === "too-deep");
      expect(issue?.jsonPath.startsWith("$.Steps[0].Arguments.HyperParameters.a.a")).toBe(true);
      expect(issue?.step).toBe("Train");
      // the message shows a deep path without its middle
      expect((error as CompileError).message).toMatch(/…\(\d+ more levels\)…/);
    }
    // a value that contains itself: nested endlessly
    const cyclic: Obj = { a: 1 };
    cyclic.self = cyclic;
    expect(() => compile(pipeline("P").add(rawStep("Train", "Training", { arguments: args({ Extra: cyclic }) as never })))).toThrow(CompileError);
  });

  it("of conditions (Not inside Not) and joins is read up to the limit and reported past it", () => {
    const d = churn();
    let condition: unknown = { Type: "Equals", LeftValue: 1, RightValue: 1 };
    for (let i = 0; i < 3_000; i++) condition = { Type: "Not", Condition: condition };
    (argsOf(d, 3).Conditions as unknown[]).push(condition);
    let join: unknown = "x";
    for (let i = 0; i < 3_000; i++) join = { "Std:Join": { On: "", Values: [join] } };
    withKey(argsOf(d, 1).HyperParameters as Obj, "joined", join);
    const result = safeValidateDefinition(d);
    expect(result.issues.filter((issue) => issue.code === "too-deep").map((issue) => issue.jsonPath.slice(0, 40))).toEqual([
      "$.Steps[1].Arguments.HyperParameters.joi",
      "$.Steps[3].Arguments.Conditions[1].Condi",
    ]);
  });
});

describe("a 900,000-character name", () => {
  it("gives messages that quote a short excerpt of it", () => {
    const d = churn();
    const name = `Train${"x".repeat(900_000)}`;
    (steps(d)[1] as Obj).Name = name;
    // references to the real name now miss, and "did you mean" must not compare them with the huge one at length
    const result = safeValidateDefinition(d);
    expect(result.success).toBe(false);
    for (const issue of result.issues) expect(issue.message.length).toBeLessThanOrEqual(1_000);
    expect(result.issues.find((issue) => issue.jsonPath === "$.Steps[1].Name")?.step).toBe(name);
    const text = formatIssues(result.issues);
    expect(text.length).toBeLessThan(result.issues.length * 1_500);
    expect(text).toMatch(/\(step Trainx+…\(\d+ more characters\)…x+\)/);
  });

  it("as a dependency that does not exist is quoted, not repeated", () => {
    const d = churn();
    (steps(d)[1] as Obj).DependsOn = [`Preprocess${"s".repeat(900_000)}`];
    const issue = safeValidateDefinition(d).issues.find((i) => i.code === "unknown-dependency");
    expect(issue?.message).toMatch(/^"Train" depends on "Preprocessss+…\(\d+ more characters\)…s+", which is not a step/);
    expect(issue?.message.length).toBeLessThan(400);
  });

  it("a cycle through thousands of steps is found without recursion and named in a bounded message", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ Name: `S${i}`, Type: "Fail", DependsOn: [`S${(i + 1) % 20_000}`], Arguments: { ErrorMessage: "x" } }));
    const result = safeValidateDefinition({ Version: "2020-12-01", Steps: chain }, { quotas: { maxSteps: 20_000 } });
    const cycle = result.issues.find((issue) => issue.code === "cycle");
    expect(cycle?.message).toMatch(/^steps wait for each other in a cycle: S0 → S19999 → .*…\(\d+ more\)… → .*S0\./);
    expect(cycle?.message.length).toBeLessThan(400);
  });
});

describe("keys JavaScript objects treat specially", () => {
  it.each(["constructor", "prototype", "toString", "hasOwnProperty"])("%s in HyperParameters survives validation, in its place", (key) => {
    const d = churn();
    withKey(argsOf(d, 1).HyperParameters as Obj, key, "7");
    const result = safeValidateDefinition(d);
    expect(result.success).toBe(true);
    if (!result.success) return;
    const text = JSON.stringify(result.definition);
    expect(text).toBe(JSON.stringify(d));
    expect(text).toContain(`"${key}":"7"`);
  });

  it.each([
    ["a string", "7"],
    ["an object", { polluted: true }],
  ])("__proto__ holding %s is rejected with an issue at its path, never dropped", (_, value) => {
    // zod's records skip a __proto__ key (neither checked nor copied): without this rule it would
    // pass unchecked, and be lost by the first JavaScript reader that copies the map
    const d = churn();
    withKey(argsOf(d, 1).HyperParameters as Obj, "__proto__", value);
    const result = safeValidateDefinition(JSON.parse(JSON.stringify(d)));
    expect(result.success).toBe(false);
    expect(codesAt(result.issues)).toEqual(["unsupported-key $.Steps[1].Arguments.HyperParameters.__proto__"]);
    expect(result.issues[0]?.message).toMatch(/the key "__proto__" is not supported: JavaScript takes it for an object's prototype/);
    expect(({} as Obj).polluted).toBeUndefined();
  });

  it("survive compile into the JSON (constructor, prototype), from a builder's options and from raw arguments", () => {
    const hyperParameters = JSON.parse('{"constructor": "b", "prototype": "c", "epochs": "3"}') as Record<string, string>;
    const trained = pipeline("P").add(
      trainingStep("Train", {
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
        role,
        instanceType: "ml.m5.xlarge",
        outputPath: "s3://bucket/out",
        hyperparameters: hyperParameters,
      }),
    );
    const json = JSON.parse(compile(trained).json) as Obj;
    expect((steps(json)[0]?.Arguments as Obj).HyperParameters).toEqual({ constructor: "b", prototype: "c", epochs: "3" });
    const inputs = JSON.parse('{"constructor": "b", "toString": "c"}') as Record<string, string>;
    const lambda = pipeline("L").add(lambdaStep("Call", { functionArn: "arn:aws:lambda:us-east-1:123456789012:function:f", inputs }));
    expect(compile(lambda).json).toContain('"Arguments":{"constructor":"b","toString":"c"}');
  });

  it("__proto__ in a pipeline's options is a CompileError naming it, not silently dropped", () => {
    const inputs = JSON.parse('{"__proto__": "a", "other": "b"}') as Record<string, string>;
    const lambda = pipeline("L").add(lambdaStep("Call", { functionArn: "arn:aws:lambda:us-east-1:123456789012:function:f", inputs }));
    expect(() => compile(lambda)).toThrow(CompileError);
    expect(() => compile(lambda)).toThrow(/\$\.Steps\[0\]\.Arguments\.__proto__ \(step Call\) \[unsupported-key\]/);
    const environment = JSON.parse('{"__proto__": "a"}') as Record<string, string>;
    const trained = pipeline("P").add(
      trainingStep("Train", { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", role, instanceType: "ml.m5.xlarge", outputPath: "s3://bucket/out", environment }),
    );
    expect(() => compile(trained)).toThrow(/Environment\.__proto__ \(step Train\) \[unsupported-key\]/);
  });
});

describe("values JSON cannot hold, from plain JavaScript", () => {
  it.each([
    ["a BigInt", 10n, /a BigInt is not JSON data/],
    ["a function", () => "x", /a function is not JSON data/],
    ["Infinity", Number.POSITIVE_INFINITY, /Infinity is not a JSON number/],
    ["a Map", new Map([["a", 1]]), /a Map object is not JSON data/],
    ["a list with a hole", [1, , 3], /undefined in a list/],
  ] as const)("%s is a not-json issue at its path", (_, value, message) => {
    const d = churn();
    argsOf(d, 1).Extra = value;
    for (const options of [{}, { arguments: "loose" as const }]) {
      const result = safeValidateDefinition(d, options);
      const issue = result.issues.find((i) => i.code === "not-json");
      expect(issue?.jsonPath.startsWith("$.Steps[1].Arguments.Extra")).toBe(true);
      expect(issue?.message).toMatch(message);
    }
  });

  it("a getter or a proxy that throws is a not-json issue, never an exception", () => {
    const d = churn();
    Object.defineProperty(argsOf(d, 1), "Boom", { enumerable: true, get: () => { throw new Error("no"); } });
    expect(codesAt(safeValidateDefinition(d).issues)).toContain("not-json $.Steps[1].Arguments");
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(safeValidateDefinition(trap).issues.map((issue) => issue.code)).toEqual(["not-json"]);
  });
});

describe("what a message prints", () => {
  it("escapes control characters from the document: a key holding a terminal escape", () => {
    const d = churn();
    argsOf(d, 1).Environment = { "A\u001b[2J\u0007": "x" };
    const result = safeValidateDefinition(d);
    const issue = result.issues[0];
    expect(issue?.path).toEqual(["Steps", 1, "Arguments", "Environment", "A\u001b[2J\u0007"]);
    expect(issue?.jsonPath).toBe("$.Steps[1].Arguments.Environment['A\\u001b[2J\\u0007']");
    for (const i of result.issues) expect(RAW_CONTROL.test(i.message)).toBe(false);
    expect(RAW_CONTROL.test(formatIssues(result.issues))).toBe(false);
  });
});

describe("diffDefinitions on untrusted documents", () => {
  it("throws typed errors for what it cannot compare, saying where", () => {
    const deep = churn();
    deep.Metadata = { k: nested(5_000) };
    expect(() => diffDefinitions(churn(), deep)).toThrow(expect.objectContaining({ code: "definition-too-deep" }));
    const cyclic = churn();
    argsOf(cyclic, 1).Self = cyclic;
    expect(() => diffDefinitions(cyclic, churn())).toThrow(SagepipeError);
    expect(() => diffDefinitions(cyclic, churn())).toThrow(/the before definition cannot be compared at \$\.Steps\[1\]\.Arguments\.Self: this object contains itself/);
  });

  it("compares keys such as constructor as keys, never as what objects inherit", () => {
    const after = churn();
    withKey(argsOf(after, 1).HyperParameters as Obj, "constructor", "x");
    withKey(argsOf(after, 1).HyperParameters as Obj, "__proto__", "y");
    const diff = diffDefinitions(churn(), after);
    expect(diff.steps.changed[0]?.changes).toEqual([
      { path: ["Arguments", "HyperParameters", "constructor"], pathText: "Arguments.HyperParameters.constructor", kind: "added", after: "x" },
      { path: ["Arguments", "HyperParameters", "__proto__"], pathText: "Arguments.HyperParameters.__proto__", kind: "added", after: "y" },
    ]);
    // and the other way round
    expect(diffDefinitions(after, churn()).steps.changed[0]?.changes.map((change) => change.kind)).toEqual(["removed", "removed"]);
  });

  it("prints long values as excerpts and escapes control characters", () => {
    const after = churn();
    (argsOf(after, 1).HyperParameters as Obj).epochs = `\u001b[31m${"9".repeat(100_000)}`;
    const text = formatDiff(diffDefinitions(churn(), after));
    expect(text.length).toBeLessThan(1_000);
    expect(RAW_CONTROL.test(text)).toBe(false);
  });
});
