import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args";

describe("parseArgs", () => {
  it.each([
    [["s.json"], { file: "s.json", json: false, history: null, atMs: null, progress: true }],
    [["--json", "s.json"], { file: "s.json", json: true, history: null, atMs: null, progress: true }],
    [["s.json", "--history", "h.jsonl", "--json"], { file: "s.json", json: true, history: "h.jsonl", atMs: null, progress: true }],
    [["s.json", "--history=h.jsonl"], { file: "s.json", json: false, history: "h.jsonl", atMs: null, progress: true }],
    [["--", "--odd-name.json"], { file: "--odd-name.json", json: false, history: null, atMs: null, progress: true }],
    [["s.json", "--no-progress", "--json"], { file: "s.json", json: true, history: null, atMs: null, progress: false }],
  ])("reads %j", (argv, args) => {
    expect(parseArgs(argv)).toEqual({ kind: "run", args });
  });

  it.each([
    [["-h"], { kind: "help" }],
    [["s.json", "--help"], { kind: "help" }],
    [["--history=", "s.json"], { kind: "error", message: "--history needs a file name" }],
    [["s.json", "--history", "a", "--history", "b"], { kind: "error", message: "--history is given twice" }],
    [["s.json", "-j"], { kind: "error", message: "unknown option -j" }],
  ])("reads %j", (argv, result) => {
    expect(parseArgs(argv)).toEqual(result);
  });
});
