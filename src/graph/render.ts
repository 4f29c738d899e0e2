import { parseReference, stepReferences } from "../validate/references.js";
import { indexSteps, isObject, type JsonObject } from "../validate/step-index.js";

/** The text formats {@link renderGraph} writes. */
export const GRAPH_FORMATS = ["mermaid", "dot"] as const;
/** A text format of the pipeline graph: Mermaid (GitHub Markdown renders it) or Graphviz DOT. */
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** How a step is drawn: a box, a decision (Condition step), or a failure (Fail step). */
export type GraphNodeKind = "step" | "condition" | "fail";

/** A step of the pipeline graph. */
export interface GraphNode {
  readonly name: string;
  /** The step's `Type`. */
  readonly type: string;
  readonly kind: GraphNodeKind;
  /** A Condition step's conditions (all must hold) as text, such as `report.metrics.accuracy.value ≥ Threshold`. */
  readonly conditions?: readonly string[];
}

/**
 * Why a step runs after another: it reads the other's properties or property files (`data`), it
 * lists it in `DependsOn` only (`depends-on`), or it sits in a Condition step's branch (`if`/`else`).
 */
export type GraphEdgeKind = "data" | "depends-on" | "if" | "else";

/** An edge of the pipeline graph: `to` runs after `from`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
}

/** The steps of a pipeline definition and what orders them. */
export interface PipelineGraph {
  /** Every step, branch steps included, in document order (a branch step right after its condition's earlier branch steps). */
  readonly nodes: readonly GraphNode[];
  /** One edge per ordered pair of steps, sorted by the document order of `from`, then of `to`. */
  readonly edges: readonly GraphEdge[];
}

/** Options of {@link renderMermaid}, {@link renderDot} and {@link renderGraph}. */
export interface RenderOptions {
  /** A title for the diagram, usually the pipeline's name. @default no title */
  readonly title?: string;
}

const EDGE_PRIORITY: Record<GraphEdgeKind, number> = { if: 3, else: 3, data: 2, "depends-on": 1 };

/**
 * The DAG of a pipeline definition (a parsed definition JSON, valid or not): one node per step and
 * edges from data references (`Get` of `Steps.X...`, property files read with `Std:JsonGet`),
 * `DependsOn`, and Condition steps to their branch steps. References to steps that do not exist are
 * left out. Deterministic: the same document gives the same graph.
 *
 * @example
 * ```ts
 * pipelineGraph({ Version: "2020-12-01", Steps: [
 *   { Name: "A", Type: "Processing", Arguments: {} },
 *   { Name: "B", Type: "Processing", Arguments: {}, DependsOn: ["A"] },
 * ] })
 * // { nodes: [{ name: "A", type: "Processing", kind: "step" }, { name: "B", ... }],
 * //   edges: [{ from: "A", to: "B", kind: "depends-on" }] }
 * ```
 */
export function pipelineGraph(definition: JsonObject): PipelineGraph {
  const steps = indexSteps(definition);
  const order = new Map<string, number>();
  const nodes: GraphNode[] = [];
  for (const step of steps) {
    if (order.has(step.name)) continue;
    order.set(step.name, order.size);
    const kind: GraphNodeKind = step.type === "Condition" ? "condition" : step.type === "Fail" ? "fail" : "step";
    const args = step.value.Arguments;
    const conditions = kind === "condition" && isObject(args) && Array.isArray(args.Conditions) ? args.Conditions : undefined;
    nodes.push({
      name: step.name,
      type: step.type,
      kind,
      ...(conditions === undefined ? {} : { conditions: conditions.map((c) => conditionText(c, false)) }),
    });
  }

  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, kind: GraphEdgeKind) => {
    if (from === to || !order.has(from) || !order.has(to)) return;
    const key = `${from}\u0000${to}`;
    const existing = edges.get(key);
    if (existing === undefined || EDGE_PRIORITY[kind] > EDGE_PRIORITY[existing.kind]) edges.set(key, { from, to, kind });
  };
  for (const step of steps) {
    if (step.placement.kind === "branch") add(step.placement.condition, step.name, step.placement.branch === "IfSteps" ? "if" : "else");
    for (const found of stepReferences(step)) {
      if (found.reference.root === "Steps") add(found.reference.step, step.name, "data");
    }
    const dependsOn = step.value.DependsOn;
    if (Array.isArray(dependsOn)) for (const name of dependsOn) if (typeof name === "string") add(name, step.name, "depends-on");
  }
  const rank = (name: string) => order.get(name) ?? 0;
  const sorted = [...edges.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  return { nodes, edges: sorted };
}

/**
 * Renders a pipeline definition's DAG as a Mermaid flowchart, for a ```` ```mermaid ```` block in
 * GitHub Markdown: solid arrows for data references, dotted ones for `DependsOn` only, Condition
 * steps as decisions with `if`/`else` arrows to their branch steps, Fail steps in red.
 *
 * @example
 * ```ts
 * renderMermaid(definition, { title: "Churn" })
 * // ---
 * // title: Churn
 * // ---
 * // flowchart TD
 * //   Train["Train<br/>Training"]
 * //   CheckAccuracy{"CheckAccuracy<br/>report.accuracy ≥ Threshold"}
 * //   Stop["Stop<br/>Fail"]
 * //   Train --> CheckAccuracy
 * //   CheckAccuracy -->|else| Stop
 * //   ...
 * ```
 */
export function renderMermaid(definition: JsonObject, options: RenderOptions = {}): string {
  const graph = pipelineGraph(definition);
  const ids = mermaidIds(graph.nodes);
  const id = (name: string) => ids.get(name) ?? name;
  const lines: string[] = [];
  if (options.title !== undefined) lines.push("---", `title: ${JSON.stringify(options.title)}`, "---");
  lines.push("flowchart TD");
  for (const node of graph.nodes) {
    const label = nodeLabel(node).map(mermaidText).join("<br/>");
    lines.push(node.kind === "condition" ? `  ${id(node.name)}{"${label}"}` : `  ${id(node.name)}["${label}"]`);
  }
  const arrows: Record<GraphEdgeKind, string> = { data: "-->", "depends-on": "-.->", if: "-->|if|", else: "-->|else|" };
  for (const edge of graph.edges) lines.push(`  ${id(edge.from)} ${arrows[edge.kind]} ${id(edge.to)}`);
  const conditions = graph.nodes.filter((n) => n.kind === "condition").map((n) => id(n.name));
  const fails = graph.nodes.filter((n) => n.kind === "fail").map((n) => id(n.name));
  if (conditions.length > 0) lines.push("  classDef condition fill:#fff8c5,stroke:#9a6700,color:#3b2300", `  class ${conditions.join(",")} condition`);
  if (fails.length > 0) lines.push("  classDef fail fill:#ffebe9,stroke:#cf222e,color:#82071e", `  class ${fails.join(",")} fail`);
  return `${lines.join("\n")}\n`;
}

/**
 * Renders a pipeline definition's DAG as Graphviz DOT (`dot -Tsvg`): dashed edges for `DependsOn`
 * only, Condition steps as diamonds with `if`/`else` edges, Fail steps in red.
 *
 * @example
 * ```ts
 * renderDot(definition, { title: "Churn" })
 * // digraph "Churn" {
 * //   "Train" [label="Train\nTraining"];
 * //   "CheckAccuracy" [label="CheckAccuracy\nreport.accuracy ≥ Threshold", shape=diamond, ...];
 * //   "Train" -> "CheckAccuracy";
 * //   "CheckAccuracy" -> "Stop" [label="else"];
 * // }
 * ```
 */
export function renderDot(definition: JsonObject, options: RenderOptions = {}): string {
  const graph = pipelineGraph(definition);
  const lines: string[] = [];
  if (options.title === undefined) lines.push("digraph pipeline {");
  else lines.push(`digraph ${dotString(options.title)} {`, `  label=${dotString(options.title)};`, "  labelloc=t;");
  lines.push(
    "  rankdir=TB;",
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
    '  edge [fontname="Helvetica"];',
  );
  const styles: Record<GraphNodeKind, string> = {
    step: "",
    condition: ', shape=diamond, style=filled, fillcolor="#fff8c5", color="#9a6700"',
    fail: ', fillcolor="#ffebe9", color="#cf222e", fontcolor="#82071e"',
  };
  for (const node of graph.nodes) {
    const label = nodeLabel(node).map(dotEscape).join("\\n");
    lines.push(`  ${dotString(node.name)} [label="${label}"${styles[node.kind]}];`);
  }
  const attributes: Record<GraphEdgeKind, string> = { data: "", "depends-on": " [style=dashed]", if: ' [label="if"]', else: ' [label="else"]' };
  for (const edge of graph.edges) lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attributes[edge.kind]};`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/**
 * Renders a pipeline definition's DAG in `format`: {@link renderMermaid} or {@link renderDot}.
 *
 * @example
 * ```ts
 * const markdown = "```mermaid\n" + renderGraph(compile(churn).definition, "mermaid") + "```\n";
 * ```
 */
export function renderGraph(definition: JsonObject, format: GraphFormat, options: RenderOptions = {}): string {
  return format === "dot" ? renderDot(definition, options) : renderMermaid(definition, options);
}

/** The lines of a node's label: its name, then its type or conditions (a long comparison on two lines). */
function nodeLabel(node: GraphNode): string[] {
  if (node.conditions === undefined || node.conditions.length === 0) return [node.name, node.type];
  const lines = node.conditions.flatMap((text) => {
    const at = text.length > SHORT_LINE ? /\s(?:[=<>\u2264\u2265]|in) /.exec(text) : null;
    return at === null ? [text] : [text.slice(0, at.index), text.slice(at.index + 1)];
  });
  return [node.name, ...lines.map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line))];
}

// ---- conditions as text

const SHORT_LINE = 32;
const MAX_LINE = 60;
const OPERATORS: Readonly<Record<string, string>> = {
  Equals: "=",
  GreaterThan: ">",
  GreaterThanOrEqualTo: "≥",
  LessThan: "<",
  LessThanOrEqualTo: "≤",
};

function conditionText(condition: unknown, nested: boolean): string {
  if (!isObject(condition)) return "?";
  const operator = typeof condition.Type === "string" ? OPERATORS[condition.Type] : undefined;
  if (operator !== undefined) return `${valueText(condition.LeftValue)} ${operator} ${valueText(condition.RightValue)}`;
  switch (condition.Type) {
    case "In":
      return `${valueText(condition.QueryValue)} in [${(Array.isArray(condition.Values) ? condition.Values : []).map(valueText).join(", ")}]`;
    case "Not":
      return `not (${conditionText(condition.Condition, false)})`;
    case "Or": {
      const text = (Array.isArray(condition.Conditions) ? condition.Conditions : []).map((c) => conditionText(c, true)).join(" or ");
      return nested ? `(${text})` : text;
    }
    default:
      return typeof condition.Type === "string" ? condition.Type : "?";
  }
}

function valueText(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (!isObject(value)) return "…";
  if (typeof value.Get === "string") {
    const reference = parseReference(value.Get);
    if (reference === undefined) return value.Get;
    if (reference.root === "Parameters") return reference.name;
    if (reference.root === "Steps") return reference.property === "" ? reference.step : `${reference.step}.${reference.property}`;
    return value.Get;
  }
  const jsonGet = value["Std:JsonGet"];
  if (isObject(jsonGet)) {
    const path = typeof jsonGet.Path === "string" ? jsonGet.Path : "…";
    const file = isObject(jsonGet.PropertyFile) && typeof jsonGet.PropertyFile.Get === "string" ? /\.PropertyFiles\.(.+)$/.exec(jsonGet.PropertyFile.Get)?.[1] : undefined;
    if (file === undefined) return `json(${path})`;
    return path.startsWith("[") ? `${file}${path}` : `${file}.${path}`;
  }
  const join = value["Std:Join"];
  if (isObject(join)) return `join(${(Array.isArray(join.Values) ? join.Values : []).map(valueText).join(", ")})`;
  return "…";
}

// ---- escaping

// words that end or restructure a Mermaid flowchart when used as a node id
const MERMAID_KEYWORDS = new Set(["end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "linkstyle", "click", "call", "href", "direction", "default"]);

/** Mermaid node ids: the step name, `-` made `_`, suffixed where it would be a keyword or a duplicate. */
function mermaidIds(nodes: readonly GraphNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    const base = node.name.replace(/[^A-Za-z0-9_]/g, "_");
    let id = MERMAID_KEYWORDS.has(base.toLowerCase()) || /^\d/.test(base) ? `step_${base}` : base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(node.name, id);
  }
  return ids;
}

const MERMAID_ENTITIES: Readonly<Record<string, string>> = { "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;" };

function mermaidText(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => MERMAID_ENTITIES[c] ?? c).replace(/[\r\n]+/g, " ");
}

function dotEscape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ");
}

function dotString(text: string): string {
  return `"${dotEscape(text)}"`;
}
