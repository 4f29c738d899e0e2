import { describe, expectTypeOf, it } from "vitest";
import { compare, pipeline, type PipelineCondition, type PipelineValue } from "sagepipe";

declare const accuracy: PipelineValue<number>;
declare const text: PipelineValue<string>;
declare const flag: PipelineValue<boolean>;
declare const untyped: PipelineValue<unknown>;

describe("compare: a literal on either side, typed by the pipeline value", () => {
  it("takes a literal of the value's type on the left or the right", () => {
    expectTypeOf(compare(0.01, "<=", accuracy)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare(accuracy, ">", 0.5)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare("a", "==", text)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare(true, "!=", flag)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare(accuracy, "<", accuracy)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare(1, "<", untyped)).toEqualTypeOf<PipelineCondition>();
    expectTypeOf(compare(untyped, "==", "x")).toEqualTypeOf<PipelineCondition>();
  });

  it("refuses what can never be meant", () => {
    // @ts-expect-error a string with a number
    compare("0.5", "<=", accuracy);
    // @ts-expect-error booleans are not ordered
    compare(true, "<", flag);
    // @ts-expect-error two literals
    compare(1, "<", 2);
    // @ts-expect-error not an operator
    compare(1, "=<", accuracy);
    // @ts-expect-error a number with a string value
    compare(text, ">", 3);
  });

  it("an enum parameter compares only with its values, on either side", () => {
    pipeline("P")
      .param("Mode", "String", { enum: ["prod", "dev"], default: "dev" })
      .param("Other", "String")
      .when("C", ({ params }) => {
        expectTypeOf(params.Mode).toEqualTypeOf<PipelineValue<"prod" | "dev">>();
        // @ts-expect-error not one of the enum's values
        void compare("staging", "==", params.Mode);
        // @ts-expect-error not one of the enum's values
        void params.Mode.eq("staging");
        // @ts-expect-error not one of the enum's values
        void params.Mode.in(["prod", "staging"]);
        // another string value may hold any string: it compares
        void params.Mode.eq(params.Other);
        void params.Other.eq(params.Mode);
        return [compare("prod", "==", params.Mode), params.Mode.ne("dev"), params.Mode.in(["prod"])];
      });
  });
});
