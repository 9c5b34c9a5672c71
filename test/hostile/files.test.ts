/*
 * Files the CLI must not trust: a FIFO with no writer (would block forever), /dev/zero and
 * /dev/urandom (never end), a 600 MB file (size checked before reading), a symlink loop, and
 * invalid UTF-8. Each gets one sentence, at once.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileRefusal, MAX_SCENARIO_BYTES, readScenarioFile } from "../../src/cli/scenarioFile";
import { describeFileError } from "../../src/cli/errors";

const dir = mkdtempSync(join(tmpdir(), "replab-files-"));

async function problem(path: string): Promise<string> {
  try {
    await readScenarioFile(path);
  } catch (error) {
    return describeFileError(error);
  }
  return "read";
}

describe("reading a scenario file", () => {
  it("reads a regular UTF-8 file, without its byte-order mark", async () => {
    const path = join(dir, "ok.json");
    writeFileSync(path, "\uFEFF{\"name\":\"é\"}");
    expect(await readScenarioFile(path)).toBe("{\"name\":\"é\"}"); // TextDecoder drops the BOM
  });

  it("refuses a FIFO at once, with or without a writer", async () => {
    const path = join(dir, "fifo");
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    const started = Date.now();
    expect(await problem(path)).toBe("it is a named pipe (FIFO); a scenario is read from a regular file (save it to one first)");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each(["/dev/zero", "/dev/urandom"])("refuses %s without reading it", async (path) => {
    expect(await problem(path)).toMatch(/^it is a character device/);
  });

  it("refuses a 600 MB file by its size, before reading a byte", async () => {
    const path = join(dir, "big.json");
    writeFileSync(path, "");
    truncateSync(path, 600 * 2 ** 20); // sparse: no disk used
    const started = Date.now();
    expect(await problem(path)).toBe(`it is 600 MiB; a scenario file may be at most ${MAX_SCENARIO_BYTES / 2 ** 20} MiB`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("says what a symlink loop is", async () => {
    const path = join(dir, "loop");
    symlinkSync(path, path);
    expect(await problem(path)).toBe("too many symbolic links (a link that points back to itself?)");
  });

  it("refuses invalid UTF-8, naming the line and byte, as PostgreSQL refuses an invalid byte sequence", async () => {
    const path = join(dir, "latin1.json");
    writeFileSync(path, Buffer.concat([Buffer.from('{\n"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const message = await problem(path);
    expect(message).toBe("it is not valid UTF-8: an invalid byte sequence on line 2, at byte 14 (0xe9); save it as UTF-8");
    await expect(readScenarioFile(path)).rejects.toBeInstanceOf(FileRefusal);
  });
});
