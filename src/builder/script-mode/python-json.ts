/**
 * JSON text as Python's `json.dumps` writes it with its defaults — `", "` and `": "` separators,
 * every character outside printable ASCII escaped as `\uXXXX`, floats as Python's `repr` (`1e-05`,
 * `1.5e+16`, `NaN`) — so that script-mode hyperparameters are the same strings the SageMaker Python
 * SDK sends (it JSON-encodes each value with `json.dumps`). A JavaScript number that is a safe
 * integer is written as a Python int (`3`), any other as a float (`0.1`, `1e+16`): JavaScript has no
 * `3.0`.
 *
 * @example
 * ```ts
 * pythonJsonDumps({ lr: 1e-5, layers: [64, 32], name: "héllo" }) // '{"lr": 1e-05, "layers": [64, 32], "name": "h\\u00e9llo"}'
 * ```
 */
export function pythonJsonDumps(value: unknown, options: { readonly sortKeys?: boolean; readonly compact?: boolean } = {}): string {
  const [item, key] = options.compact === true ? [",", ":"] : [", ", ": "];
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (v === true) return "true";
    if (v === false) return "false";
    if (v instanceof PythonFloat) return pythonFloat(v.value);
    if (typeof v === "number") return pythonNumber(v);
    if (typeof v === "string") return pythonString(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(item)}]`;
    if (v instanceof Map) {
      // a Map keeps the order its keys were given in (a plain object puts integer-like keys first)
      const entries = [...(v as Map<unknown, unknown>)].filter(([, x]) => x !== undefined).map(([k, x]) => [String(k), x] as const);
      if (options.sortKeys === true) entries.sort(([a], [b]) => codePointOrder(a, b));
      return `{${entries.map(([k, x]) => `${pythonString(k)}${key}${dump(x)}`).join(item)}}`;
    }
    if (typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (options.sortKeys === true) entries.sort(([a], [b]) => codePointOrder(a, b));
      return `{${entries.map(([k, x]) => `${pythonString(k)}${key}${dump(x)}`).join(item)}}`;
    }
    throw new TypeError(`pythonJsonDumps: a ${typeof v} is not JSON`);
  };
  return dump(value);
}

/**
 * A JSON number that Python reads as a float (it was written with a `.` or an exponent): `1.0` stays
 * `1.0` where a JavaScript number would print `1`.
 */
export class PythonFloat {
  constructor(readonly value: number) {
    Object.freeze(this);
  }
}

/** Orders strings by code point, as Python's `sorted`. */
export function codePointOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * A value as Python's `str()` writes it — what the SDK's plain `Estimator` sends for a
 * hyperparameter when it has no `source_dir` (`set_hyperparameters` keeps the value, `_get_train_args`
 * applies `str()`): a string as it is, `True`/`False`/`None`, numbers as `pythonJsonDumps`, lists and
 * dictionaries as Python's `repr` of them (`[1, 'a']`, `{'k': True}`).
 *
 * @example
 * ```ts
 * pythonStr("gini") // 'gini'
 * pythonStr(true) // 'True'
 * pythonStr({ depth: [1, "a"] }) // "{'depth': [1, 'a']}"
 * ```
 */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof PythonFloat) return Number.isFinite(value.value) ? pythonFloat(value.value) : pythonRepr(value.value);
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : value === Infinity ? "inf" : value === -Infinity ? "-inf" : pythonNumber(value);
  if (typeof value === "string") return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (value instanceof Map) return `{${[...(value as Map<unknown, unknown>)].filter(([, item]) => item !== undefined).map(([key, item]) => `${pythonStringRepr(String(key))}: ${pythonRepr(item)}`).join(", ")}}`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`).join(", ")}}`;
  }
  throw new TypeError(`pythonStr: a ${typeof value} has no Python form`);
}

/** Python's `repr` of a str: single quotes unless it holds ' and no ", escapes for what `str.isprintable` refuses. */
function pythonStringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char !== " " && /^[\p{C}\p{Z}]$/u.test(char)) {
      out += code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
    } else out += char;
  }
  return `${out}${quote}`;
}

function pythonNumber(value: number): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return pythonFloat(value);
}

/** Python's `repr` of a float (`json.dumps` writes floats so, and NaN/Infinity as such). */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Object.is(value, -0)) return "-0.0";
  // the shortest digits that read back as the value (as Python's repr), then Python's layout:
  // positional for exponents -4..15, else d.ddde±XX
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  let text: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) text = `0.${"0".repeat(-exponent - 1)}${digits}`;
    else if (digits.length > exponent + 1) text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
    else text = `${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
  } else {
    const fraction = digits.slice(1);
    text = `${digits[0] ?? "0"}${fraction === "" ? "" : `.${fraction}`}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return negative ? `-${text}` : text;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const code = value.charCodeAt(i);
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}
