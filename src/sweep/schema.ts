/*
 * A sweep file: one base scenario, the settings to vary (each a path into the scenario and the
 * values it takes), the seeds, and optionally a primary failure at a time drawn from each seed.
 * The sweep runs every combination of values, each with every seed (docs/formats.md#sweeps).
 */
import { z } from "zod";

/** Runs one sweep may ask for: 100,000 at a few ms each is already minutes on a small machine. */
export const MAX_SWEEP_RUNS = 100_000;
export const MAX_VARIED = 6;
export const MAX_VALUES = 100;
export const MAX_SEEDS = 10_000;

/** A path into the scenario, as written in error messages: `commit.postgres.synchronous_commit`, `cluster.replicas[0].applyDelayMs`. */
export const SETTING_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]{1,2}\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const value = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const sweepSchema = z.object({
  name: z.string().max(200).default("untitled sweep").describe("shown in the output"),
  scenario: z.record(z.string(), z.unknown()).describe("the base scenario (as a scenario file): every run starts from it"),
  vary: z.array(z.object({
    path: z.string().max(200)
      .describe("where in the scenario the value goes: names and [index], e.g. commit.postgres.synchronous_commit or cluster.replicas[0].applyDelayMs"),
    values: z.array(value).min(1).max(MAX_VALUES).describe("the values it takes, one run (per seed) each"),
    label: z.string().max(40).optional().describe("the column's name in the output (default: the path)"),
  }).strict()).min(1).max(MAX_VARIED).describe("the settings to vary: every combination of their values runs"),
  seeds: z.object({
    from: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    count: z.number().int().min(1).max(MAX_SEEDS).describe("how many seeds, from `from` on"),
  }).strict().describe("each combination runs once per seed (the scenario's seed is replaced)"),
  primaryFailure: z.object({
    fromMs: z.number().min(0).max(86_400_000),
    toMs: z.number().min(0).max(86_400_000),
    kind: z.enum(["process", "power"]).default("power").describe("as a crash action: power loses what was not fsynced"),
    promote: z.string().max(63).optional().describe("a replica promoted promoteAfterMs after the crash (default: none; the base scenario's failover block may promote one)"),
    promoteAfterMs: z.number().min(0).max(86_400_000).default(1000),
  }).strict().optional().describe("a crash of the starting primary at a time drawn from each run's seed, uniformly in [fromMs, toMs]"),
}).strict();

export type SweepFile = z.output<typeof sweepSchema>;
