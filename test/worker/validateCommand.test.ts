import { describe, expect, it } from "vitest";
import { checkCommand } from "../../src/worker/validateCommand";

describe("checkCommand", () => {
  it("passes a good command through, with the schema's defaults", () => {
    expect(checkCommand({ op: "crash", node: "s1" })).toEqual({ ok: true, cmd: { op: "crash", node: "s1", kind: "process" } });
  });

  it("refuses bad numbers, naming the field", () => {
    const r = checkCommand({ op: "set", node: "s1", networkDelayMs: -3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^networkDelayMs: /);
    expect(checkCommand({ op: "workload", workload: { writesPerSec: Number.NaN } }).ok).toBe(false);
  });

  it("refuses synchronous_standby_names that PostgreSQL would not parse", () => {
    const r = checkCommand({ op: "configure", postgres: { synchronous_standby_names: "FIRST 1 (" } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("synchronous_standby_names");
    expect(checkCommand({ op: "configure", postgres: { synchronous_standby_names: "ANY 1 (s1, s2)" } }).ok).toBe(true);
  });

  it("passes set-failover and refuses a bad detection time", () => {
    expect(checkCommand({ op: "set-failover", auto: true, detectMs: 500 })).toEqual({ ok: true, cmd: { op: "set-failover", auto: true, detectMs: 500 } });
    expect(checkCommand({ op: "set-failover", fencing: false })).toEqual({ ok: true, cmd: { op: "set-failover", fencing: false } });
    const r = checkCommand({ op: "set-failover", detectMs: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^detectMs: /);
    expect(checkCommand({ op: "set-failover", auto: "yes" }).ok).toBe(false);
  });

  it("refuses what is not a command", () => {
    expect(checkCommand(null).ok).toBe(false);
    expect(checkCommand({ op: "explode" }).ok).toBe(false);
  });
});
