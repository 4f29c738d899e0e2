/** One step of a property or JSON path: a member, a list index, or a `['key']`. */
export type PathToken = { readonly member: string } | { readonly index: number } | { readonly key: string };

const TOKEN = /^(?:\.?([^.[\]'"]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/**
 * Splits `ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri` (or a JsonGet path such as
 * `metrics.accuracy.value`, `$.items[0].name`) into tokens; undefined when it does not parse.
 */
export function parsePath(path: string): PathToken[] | undefined {
  let rest = path.startsWith("$") ? path.slice(1) : path;
  const tokens: PathToken[] = [];
  while (rest.length > 0) {
    const match = TOKEN.exec(rest);
    if (match === null) return undefined;
    const [text, member, index, single, double] = match;
    if (member !== undefined) tokens.push({ member });
    else if (index !== undefined) tokens.push({ index: Number(index) });
    else tokens.push({ key: single ?? double ?? "" });
    rest = rest.slice(text.length);
  }
  return tokens;
}

/** The result of walking a path: the value, or where the walk stopped. */
export type WalkResult = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly at: string };

/**
 * Walks a path over a value. `['key']` on a list finds the item whose name field (`OutputName`,
 * `ChannelName`, `MetricName`, `Name`, ...) equals the key, the way SageMaker indexes named lists.
 */
export function walkPath(value: unknown, tokens: readonly PathToken[]): WalkResult {
  let current = value;
  const seen: string[] = [];
  for (const token of tokens) {
    const next = step(current, token);
    seen.push("member" in token ? `.${token.member}` : "index" in token ? `[${token.index}]` : `['${token.key}']`);
    if (next === undefined) return { found: false, at: seen.join("").replace(/^\./, "") };
    current = next;
  }
  return { found: true, value: current };
}

function step(current: unknown, token: PathToken): unknown {
  if (Array.isArray(current)) {
    if ("index" in token) return current[token.index];
    const name = "key" in token ? token.key : token.member;
    return current.find((item: unknown) => isNamed(item, name));
  }
  if (typeof current !== "object" || current === null) return undefined;
  const record = current as Record<string, unknown>;
  if ("member" in token) return record[token.member];
  if ("key" in token) return record[token.key];
  return record[String(token.index)];
}

function isNamed(item: unknown, name: string): boolean {
  if (typeof item !== "object" || item === null) return false;
  return Object.entries(item).some(([field, value]) => field.endsWith("Name") && value === name);
}
