import type { z } from "zod";
import { slotKinds } from "../definition/expressions.js";
import { PipelineDefinition } from "../definition/pipeline-definition.js";
import { Step } from "../definition/step.js";
import { makePlan, planData, type Plan } from "./fast-schema-plan.js";

// The plan compile's interpreted fast check reads (src/validate/fast-schema-plan.ts), made from the
// schemas, and the source of the module that holds it (written by
// scripts/generate-fast-schema-plan.ts, compared with the file by a unit test). Not part of the
// package: it builds every step schema.

/**
 * The roots of the plan: the schemas compile's interpreted check walks, by name (compile checks
 * each step with Step, and the rest of the document with the definition schema less its Steps).
 */
export const PLAN_ROOTS = { Step, Envelope: PipelineDefinition.omit({ Steps: true }) } as const;

/** The plan of the step schemas, with compile's typed slots as marks; what it could not describe. */
export function currentPlan(): { plan: Plan; undescribed: string[] } {
  const undescribed: string[] = [];
  const plan = makePlan(PLAN_ROOTS as unknown as Record<string, z.core.$ZodType>, (schema) => slotKinds.get(schema as z.ZodType)?.kind, undescribed);
  return { plan, undescribed };
}

/** The source of src/validate/fast-schema-plan-data.ts. */
export function planSource(): { source: string; undescribed: string[] } {
  const { plan, undescribed } = currentPlan();
  const data = planData(plan, plan.roots.Step as number);
  // (ASCII only: the shipped JavaScript is, see test/package)
  const literal = (text: string) => JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const source = [
    "// Written by scripts/generate-fast-schema-plan.ts from the definition schemas (do not edit by hand:",
    "// `npm run generate:fast-schema-plan`). What compile's interpreted fast check reads instead of",
    "// building the schemas: see src/validate/fast-schema-plan.ts. JSON text, each part parsed when a",
    "// walk first reaches it: the roots, then the nodes of each set of step types that reach the same ones.",
    "",
    'import type { PlanData } from "./fast-schema-plan.js";',
    "",
    "export const PLAN_DATA: PlanData = {",
    `  head: ${literal(data.head)},`,
    "  parts: [",
    ...data.parts.map(([start, text]) => `    [${start}, ${literal(text)}],`),
    "  ],",
    "};",
    "",
  ].join("\n");
  return { source, undescribed };
}
