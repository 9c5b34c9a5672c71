/*
 * Reading a scenario file without trusting it: only a regular file (a FIFO with no writer would
 * block forever; /dev/zero or /dev/urandom never end), its size checked before a byte is read,
 * and its bytes valid UTF-8 (PostgreSQL refuses an invalid byte sequence in UTF8 text too,
 * "invalid byte sequence for encoding "UTF8""; a replacement character would be data we made up).
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";

import { INPUT_LIMITS } from "../engine/scenario/inputShape";

export const MAX_SCENARIO_BYTES = INPUT_LIMITS.fileBytes;

/** A file we will not read, with the reason in the user's words. */
export class FileRefusal extends Error {}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device (such as /dev/zero)";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;

export async function readScenarioFile(path: string, maxBytes = MAX_SCENARIO_BYTES): Promise<string> {
  // O_NONBLOCK: opening a FIFO for reading waits for a writer; this returns at once instead.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new FileRefusal(`it is ${kindOf(info)}; a scenario is read from a regular file (save it to one first)`);
    }
    if (info.size > maxBytes) {
      throw new FileRefusal(`it is ${mib(info.size)}; a scenario file may be at most ${mib(maxBytes)}`);
    }
    // Read at most one byte past the limit: the file may have grown since stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) {
        if (filled > maxBytes) throw new FileRefusal(`it grew past ${mib(maxBytes)} while being read; a scenario file may be at most ${mib(maxBytes)}`);
        break;
      }
    }
    return decodeUtf8(buffer.subarray(0, filled));
  } finally {
    await handle.close();
  }
}

/** The text, or a refusal naming the line and byte of the first invalid UTF-8 sequence. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const at = lossy.indexOf("\uFFFD");
    const before = lossy.slice(0, Math.max(0, at));
    const offset = Buffer.byteLength(before);
    const line = before.split("\n").length;
    const hex = bytes[offset] === undefined ? "" : ` (0x${bytes[offset]!.toString(16).padStart(2, "0")})`;
    throw new FileRefusal(`it is not valid UTF-8: an invalid byte sequence on line ${line}, at byte ${offset}${hex}; ` +
      "save it as UTF-8");
  }
}
