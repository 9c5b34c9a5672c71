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

  it("passes set-link and a node's generated-key settings; refuses their bad shapes and bounds, naming the field", () => {
    expect(checkCommand({ op: "set-link", between: ["eu", "us"], delayMs: 120 })).toEqual({ ok: true, cmd: { op: "set-link", between: ["eu", "us"], delayMs: 120 } });
    const bad = (cmd: unknown) => { const r = checkCommand(cmd); return r.ok ? "ok" : r.message.split(":")[0]; };
    expect(bad({ op: "set-link", between: ["eu", "us"], delayMs: -1 })).toBe("delayMs");
    expect(bad({ op: "set-link", between: ["eu", "us"], delayMs: 86_400_001 })).toBe("delayMs");
    expect(bad({ op: "set-link", between: ["eu", "us"], delayMs: "5" })).toBe("delayMs");
    expect(bad({ op: "set-link", between: ["eu"], delayMs: 5 })).toBe("between");
    expect(bad({ op: "set-link", between: ["eu", "us"], delayMs: 5, extra: 1 })).not.toBe("ok");
    expect(checkCommand({ op: "set", node: "eu", autoIncrementIncrement: 2, autoIncrementOffset: 1 }).ok).toBe(true);
    expect(bad({ op: "set", node: "eu", autoIncrementIncrement: 0 })).toBe("autoIncrementIncrement");
    expect(bad({ op: "set", node: "eu", autoIncrementOffset: 2.5 })).toBe("autoIncrementOffset");
    expect(bad({ op: "set", node: "eu", autoIncrementOffset: 65_536 })).toBe("autoIncrementOffset");
  });

  it("refuses what is not a command", () => {
    expect(checkCommand(null).ok).toBe(false);
    expect(checkCommand({ op: "explode" }).ok).toBe(false);
  });
});
