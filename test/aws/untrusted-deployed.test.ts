import { DescribePipelineCommand, DescribePipelineDefinitionForExecutionCommand, ListModelPackagesCommand, StartPipelineExecutionCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { SagepipeError, championParameters, compile, diffDeployed, executionOf, importDeployedPipeline, start } from "sagepipe";
import { EXECUTION_ARN, PIPELINE_ARN, ROLE, mockedAws, simple } from "./support.js";

// A definition SageMaker returns (DescribePipeline, DescribePipelineDefinitionForExecution) is
// untrusted input like any other: it was written by whatever wrote the pipeline (another SDK, the
// console, a hand-made CreatePipeline). Every reader of it (start by name, diffDeployed,
// execution.definition and what uses it, importDeployedPipeline, championParameters by name) gives
// the typed error invalid-deployed-definition saying what and where, never a RangeError or a
// TypeError from deep inside.

const deepText = (levels: number) => JSON.stringify(JSON.parse(compile(simple).json)).replace('"stopped"', `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`);

/** Every reader of a deployed definition, given the text SageMaker returned. */
function readers(text: string) {
  const { clients, sm } = mockedAws();
  sm.on(DescribePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN, PipelineName: "Flow", PipelineDefinition: text, RoleArn: ROLE });
  sm.on(DescribePipelineDefinitionForExecutionCommand).resolves({ PipelineDefinition: text });
  sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
  sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
  return {
    sm,
    calls: {
      start: () => start("Flow", { params: { Threshold: "0.5" }, paramsForm: "text", clients }),
      diffDeployed: () => diffDeployed(simple, { clients }),
      "execution.definition": () => executionOf(EXECUTION_ARN, { clients }).definition(),
      importDeployedPipeline: () => importDeployedPipeline("Flow", { clients }),
      championParameters: () => championParameters("Flow", { group: "g", metric: "m", parameter: "Threshold", fallback: 0, clients }),
    },
  };
}

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("a deployed definition that is hostile", () => {
  it.each([
    ["nested 5,000 levels deep", deepText(5_000), /pipeline "Flow" returned by SageMaker is nested more than 100 levels deep at \$\.Steps\[0\]\.Arguments\.ErrorMessage(\.a)+/],
    // (Steps[0].Arguments.ErrorMessage is 4 levels below the root: 98 more make 101)
    ["nested 101 levels deep", deepText(98), /nested more than 100 levels deep at \$\.Steps\[0\]\.Arguments\.ErrorMessage/],
    ["truncated", compile(simple).json.slice(0, 200), /pipeline "Flow" returned by SageMaker is not JSON/],
    ["not an object", "[1, 2]", /pipeline "Flow" returned by SageMaker is not a JSON object/],
    ["Steps that are not a list", JSON.stringify({ Version: "2020-12-01", Parameters: [], Steps: { Name: "A" } }), /pipeline "Flow" returned by SageMaker is not a pipeline definition: \$\.Steps is not a list/],
    ["Parameters that are not a list", JSON.stringify({ Version: "2020-12-01", Parameters: "Threshold", Steps: [] }), /\$\.Parameters is not a list/],
    ["a parameter that is not an object", JSON.stringify({ Version: "2020-12-01", Parameters: [null], Steps: [] }), /\$\.Parameters\[0\] is not an object/],
    ["a step without a string Name", JSON.stringify({ Version: "2020-12-01", Parameters: [], Steps: [{ Name: { Get: "x" }, Type: "Fail" }] }), /\$\.Steps\[0\]\.Name is not a string/],
  ])("%s: every reader gives invalid-deployed-definition saying where", async (_, text, message) => {
    const { calls, sm } = readers(text);
    for (const [reader, call] of Object.entries(calls)) {
      const error = await failure(call);
      expect(error, reader).toBeInstanceOf(SagepipeError);
      expect((error as SagepipeError).code, reader).toBe("invalid-deployed-definition");
      expect((error as SagepipeError).message.replace("execution " + EXECUTION_ARN, 'pipeline "Flow"'), reader).toMatch(message);
      expect((error as SagepipeError).message.length, reader).toBeLessThan(600);
    }
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
  });

  it("100 levels deep is read (the limit is the validator's: nothing sagepipe wrote nests deeper)", async () => {
    const { calls } = readers(deepText(97));
    const definition = await calls["execution.definition"]();
    let value: unknown = (definition.Steps[0] as { Arguments: { ErrorMessage: unknown } }).Arguments.ErrorMessage;
    let depth = 0;
    while (typeof value === "object" && value !== null) {
      value = (value as { a: unknown }).a;
      depth++;
    }
    expect(depth).toBe(97);
  });

  it("a __proto__ key is data of the definition: kept as an own key, never an object's prototype", async () => {
    const text = JSON.stringify(JSON.parse(compile(simple).json)).replace('"ErrorMessage":"stopped"', '"ErrorMessage":"stopped","__proto__":{"polluted":true}');
    const { calls } = readers(text);
    const definition = await calls["execution.definition"]();
    const args = (definition.Steps[0] as { Arguments: Record<string, unknown> }).Arguments;
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.hasOwn(args, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the deployed pipeline differs from the builder's by that key, and the diff says so
    const { diff } = await calls.diffDeployed();
    expect(diff.changed).toBe(true);
  });
});
