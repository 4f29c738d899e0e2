import { describe, expect, it } from "vitest";
import { CompileError, compile, pipeline, safeValidateDefinition } from "sagepipe";

// compile() promises a definition that passes validateDefinition: what it checks must be what its
// JSON says. The pipeline's experiment config is the user's own object (raw definition JSON), so an
// object whose JSON text differs from what its properties say (inherited or getter members, a
// toJSON, a Proxy) must be copied before it is checked, as the steps are.

class ExperimentSettings {
  get ExperimentName(): string {
    return "churn";
  }
  get TrialName(): string {
    return "t1";
  }
}

const configs: Record<string, unknown> = {
  "inherited members": Object.create({ ExperimentName: "e", TrialName: "t" }),
  "a class with getters": new ExperimentSettings(),
  "a non-enumerable toJSON": Object.defineProperty({ ExperimentName: "e", TrialName: "t" }, "toJSON", { value: () => ({ Foo: 1 }) }),
  "a Join whose Values have a toJSON": { ExperimentName: { "Std:Join": { On: "", Values: Object.defineProperty(["a"], "toJSON", { value: () => 7 }) } }, TrialName: "t" },
  "a Proxy that hides its keys from `in`": new Proxy({ ExperimentName: "e", TrialName: "t" }, { has: () => false }),
};

describe("compile() of a pipeline whose experiment config is not plain JSON", () => {
  it.each(Object.entries(configs))("%s: the JSON compile returns is what it validated (or a CompileError)", (_, config) => {
    for (let round = 0; round < 20; round++) {
      // (the first compiles of a process and the ones after 16 take different paths)
      const built = pipeline(`P${round}`).experimentConfig(config as never).fail("Stop", "stopped");
      let json: string;
      try {
        json = compile(built).json;
      } catch (error) {
        expect(error).toBeInstanceOf(CompileError);
        continue;
      }
      const check = safeValidateDefinition(JSON.parse(json));
      expect(check.success ? [] : check.issues.map((issue) => `${issue.code} ${issue.jsonPath}`)).toEqual([]);
    }
  });
});
