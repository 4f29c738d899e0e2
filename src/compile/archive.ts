import { gunzipSync, gzipSync } from "node:zlib";

/** A file to put in an archive: its name in the archive (`/`-separated), its bytes, and whether it is executable. */
export interface ArchiveEntry {
  readonly name: string;
  readonly content: Uint8Array;
  /** Mode 0755 when true, else 0644. */
  readonly executable?: boolean;
}

/**
 * The modification time of every entry: 1980-01-02T00:00:00Z. Not 0: Python's
 * `zipfile.ZipFile.write` refuses files dated before 1980 ("ZIP does not support timestamps before
 * 1980") in the local time zone, so a script that zips its own code would fail; a day after
 * 1980-01-01 keeps every time zone (UTC-12 to UTC+14) in 1980.
 */
export const ARCHIVE_MTIME = 315_619_200;

/**
 * A gzipped tar (ustar) of `entries` in the given order, made so that the same files give the same
 * bytes: one fixed timestamp ({@link ARCHIVE_MTIME}), zero owners and gzip header time, mode 0755
 * for an executable file and 0644 for any other (so `./run.sh` still runs after unpacking).
 * Content-addressed code archives (`sourcedir.tar.gz`) rely on that.
 *
 * @example
 * ```ts
 * tarGz([{ name: "train.py", content: Buffer.from("print(1)\n") }]) // a Buffer Python's tarfile opens
 * ```
 */
export function tarGz(entries: readonly ArchiveEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const file = (name: string, content: Uint8Array, type: "0" | "x", executable: boolean) => {
    blocks.push(header(name, content.length, type, executable), Buffer.from(content), Buffer.alloc((512 - (content.length % 512)) % 512));
  };
  for (const entry of entries) {
    const split = ustarName(entry.name);
    if (split === undefined) {
      // too long for ustar: a POSIX (pax) extended header carries the path, as Python's tarfile writes it
      file("././@PaxHeader", paxRecord("path", entry.name), "x", false);
      file(truncated(entry.name, 100), entry.content, "0", entry.executable === true);
    } else {
      file(entry.name, entry.content, "0", entry.executable === true);
    }
  }
  blocks.push(Buffer.alloc(1024));
  const gz = gzipSync(Buffer.concat(blocks), { level: 9 });
  gz[9] = 3; // the header's OS byte: Unix on every platform (zlib writes 10 on Windows)
  return gz;
}

/** `[prefix, name]` of a path in a ustar header (100 bytes, or 155 + 100 split at a "/"), or undefined when it does not fit. */
function ustarName(name: string): readonly [prefix: string, base: string] | undefined {
  if (Buffer.byteLength(name) <= 100) return ["", name];
  for (let cut = name.indexOf("/"); cut > 0; cut = name.indexOf("/", cut + 1)) {
    if (Buffer.byteLength(name.slice(0, cut)) <= 155 && Buffer.byteLength(name.slice(cut + 1)) <= 100) return [name.slice(0, cut), name.slice(cut + 1)];
  }
  return undefined;
}

/** The longest start of `name` that fits in `bytes` bytes of UTF-8. */
function truncated(name: string, bytes: number): string {
  let out = "";
  for (const char of name) {
    if (Buffer.byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

/** A pax record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (Buffer.byteLength(`${length}${body}`) !== length) length = Buffer.byteLength(`${length}${body}`);
  return Buffer.from(`${length}${body}`, "utf8");
}

function header(name: string, size: number, type: "0" | "x", executable: boolean): Buffer {
  const block = Buffer.alloc(512);
  const [prefix, base] = ustarName(name) ?? ["", name];
  block.write(base, 0, 100, "utf8");
  block.write(executable ? "0000755\0" : "0000644\0", 100, 8, "ascii");
  block.write("0000000\0", 108, 8, "ascii");
  block.write("0000000\0", 116, 8, "ascii");
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, 12, "ascii");
  block.write(`${ARCHIVE_MTIME.toString(8).padStart(11, "0")}\0`, 136, 12, "ascii");
  block.write("        ", 148, 8, "ascii");
  block.write(type, 156, 1, "ascii");
  block.write("ustar\0", 257, 6, "ascii");
  block.write("00", 263, 2, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return block;
}

/**
 * The files of a gzipped tar (ustar, with pax `path` records and GNU long names), in order: what
 * the local runner unpacks (`sourcedir.tar.gz`, `model.tar.gz`). Directories, links and other
 * special entries are skipped; a name that is absolute or climbs out with `..` is an error.
 *
 * @example
 * ```ts
 * readTarGz(tarGz([{ name: "a.py", content: Buffer.from("x") }])) // [{ name: "a.py", content: <Buffer 78> }]
 * ```
 */
export function readTarGz(archive: Uint8Array): ArchiveEntry[] {
  const data = gunzipSync(archive);
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= data.length) {
    const block = data.subarray(offset, offset + 512);
    if (block.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => block.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const content = data.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString("utf8"))?.[1];
      if (path !== undefined) longName = path;
      continue;
    }
    if (type === "L") {
      longName = content.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    const prefix = field(345, 155);
    const name = longName ?? (prefix === "" ? field(0, 100) : `${prefix}/${field(0, 100)}`);
    longName = undefined;
    if (type !== "0" && type !== "\0" && type !== "7") continue;
    const parts = name.split("/").filter((part) => part !== "" && part !== ".");
    if (name.startsWith("/") || parts.includes("..")) throw new Error(`unsafe path in archive: ${name}`);
    const mode = Number.parseInt(field(100, 8).trim() || "0", 8);
    entries.push({ name: parts.join("/"), content: Buffer.from(content), ...((mode & 0o111) !== 0 ? { executable: true } : {}) });
  }
  return entries;
}
