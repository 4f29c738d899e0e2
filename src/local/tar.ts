import { readFile } from "node:fs/promises";
import { relative, sep } from "node:path";
import { listFiles } from "./files.js";
import { gzipSync } from "node:zlib";

/**
 * Packs the files of a directory into a gzipped tar (ustar), the way SageMaker packs `/opt/ml/model`
 * into `model.tar.gz`. Deterministic: sorted entries, zero timestamps and owners.
 */
export async function packDirectory(dir: string): Promise<Buffer> {
  const files = await listFiles(dir);
  const blocks: Buffer[] = [];
  for (const file of files) {
    const name = relative(dir, file).split(sep).join("/");
    const content = await readFile(file);
    blocks.push(header(name, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`file name too long for a tar archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  block.write(base, 0, 100, "utf8");
  block.write("0000644\0", 100, 8, "ascii");
  block.write("0000000\0", 108, 8, "ascii");
  block.write("0000000\0", 116, 8, "ascii");
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, 12, "ascii");
  block.write("00000000000\0", 136, 12, "ascii");
  block.write("        ", 148, 8, "ascii");
  block.write("0", 156, 1, "ascii");
  block.write("ustar\0", 257, 6, "ascii");
  block.write("00", 263, 2, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return block;
}
