/*
 * The second setting of a comparison and its words: types and text only, so the page can use it
 * without the engine (variant.ts applies it).
 */
import type { PostgresSettings, Preset, SemiSyncSettings } from "../engine/scenario/schema";

type Routing = "primary" | "replicas" | "lag-aware" | "read-your-writes" | "causal";

export type Variant =
  | { kind: "preset"; value: Preset }
  | { kind: "synchronous_commit"; value: PostgresSettings["synchronous_commit"] }
  | { kind: "synchronous_standby_names"; value: string }
  | { kind: "wait-point"; value: SemiSyncSettings["waitPoint"] }
  | { kind: "routing"; value: Routing }
  | { kind: "apply-delay"; ms: number }
  | { kind: "network-delay"; node: string; ms: number };

/** The variant in the words of the settings it changes, e.g. "synchronous_commit = remote_apply". */
export function variantText(v: Variant): string {
  switch (v.kind) {
    case "preset": return `the ${v.value} preset`;
    case "synchronous_commit": return `synchronous_commit = ${v.value}`;
    case "synchronous_standby_names": return `synchronous_standby_names = '${v.value}'`;
    case "wait-point": return `semi-sync wait point ${v.value}`;
    case "routing": return `reads routed to ${v.value}`;
    case "apply-delay": return `recovery_min_apply_delay = ${v.ms} ms on every replica`;
    case "network-delay": return `${v.node}'s network delay = ${v.ms} ms`;
  }
}


/** The values the page offers for each setting (the schema's own lists; a test keeps them equal). */
export const VARIANT_CHOICES = {
  preset: ["async", "semi-sync", "sync"],
  synchronous_commit: ["off", "local", "remote_write", "on", "remote_apply"],
  "wait-point": ["AFTER_SYNC", "AFTER_COMMIT"],
  routing: ["primary", "replicas", "lag-aware", "read-your-writes", "causal"],
} as const satisfies Record<string, readonly string[]>;
