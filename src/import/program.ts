import { call, name, namesUsed, type Code } from "./code.js";
import { commentText, printCode, quote, wrapText } from "./print.js";

/** One call of the fluent chain: `.process("Name", ...)`, `.end()`, ... */
export interface ChainItem {
  readonly method: string;
  readonly args: readonly Code[];
  /** Said above the call: why a step is written as it is. */
  readonly comment?: string;
}

/** What the printed module holds. */
export interface Program {
  readonly pipelineName: string;
  readonly source: string | undefined;
  /** Hoisted literals: value → constant name. */
  readonly constants: ReadonlyMap<string, string>;
  readonly chain: readonly ChainItem[];
  readonly loose: boolean;
  readonly differences: readonly string[];
  readonly steps: number;
  readonly rawSteps: number;
}

/** The names sagepipe exports that imported code may use. */
const SAGEPIPE = ["PipelineCondition", "execution", "experimentConfig", "failStep", "join", "jsonGet", "not", "or", "pipeline", "rawStep"];

/** The pipeline module: header, imports, constants, and the fluent chain as the default export. */
export function printProgram(program: Program): string {
  const used = new Set<string>(["pipeline"]);
  for (const item of program.chain) for (const arg of item.args) namesUsed(arg, used);
  const types = [...used].filter((n) => n.startsWith("type:")).map((n) => n.slice(5));

  const lines: string[] = [];
  const from = program.source === undefined ? "a SageMaker pipeline definition" : program.source;
  lines.push(`// Imported with \`sagepipe import\` from ${commentText(from)}.`);
  const raw = program.rawSteps === 0 ? "none written with rawStep" : `${program.rawSteps} written with rawStep`;
  lines.push(`// ${program.steps} step${program.steps === 1 ? "" : "s"}, ${raw}.`);
  if (program.loose) {
    lines.push(...wrapText('Some step\'s Arguments are not a request SageMaker takes: compile with --loose (compile(pipeline, { arguments: "loose" })).', 100).map((l) => `// ${l}`));
  }
  if (program.differences.length > 0) {
    lines.push("// Its compiled definition differs from the input on purpose:");
    for (const difference of program.differences) lines.push(...wrapText(difference, 96).map((l, i) => `// ${i === 0 ? "- " : "  "}${l}`));
  }

  const sagepipe = SAGEPIPE.filter((n) => used.has(n));
  const importList = [...sagepipe, ...types.map((t) => `type ${t}`)].sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
  if (used.has("z")) lines.push('import { z } from "zod";');
  lines.push(`import { ${importList.join(", ")} } from "sagepipe";`);

  const constants = [...program.constants].filter(([, constant]) => used.has(constant));
  if (constants.length > 0) {
    lines.push("");
    for (const [value, constant] of constants) lines.push(`const ${constant} = ${quote(value)};`);
  }
  lines.push("");
  lines.push(`export default pipeline(${quote(program.pipelineName)})`);
  program.chain.forEach((item, i) => {
    if (item.comment !== undefined) for (const line of wrapText(item.comment, 110)) lines.push(`  // ${line}`);
    const text = printCode(call(name(`.${item.method}`), ...item.args), 2, 2);
    lines.push(`  ${text}${i === program.chain.length - 1 ? ";" : ""}`);
  });
  if (program.chain.length === 0) lines[lines.length - 1] += ";";
  return `${lines.join("\n")}\n`;
}
