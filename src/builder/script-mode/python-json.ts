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
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(", ")}}`;
  }
  throw new TypeError(`pythonJsonDumps: a ${typeof value} is not JSON`);
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Object.is(value, -0)) return "-0.0";
  if (Number.isSafeInteger(value)) return String(value);
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
