/*
 * Watches a Simulation from outside, event by event, through snapshots and the history hook,
 * and records every broken invariant (with the virtual time and the numbers that prove it):
 *
 *  - positions: replay never goes back on a node, nor does flush (a rewind or re-clone may reset
 *    them; a standby that switches to a new timeline drops the WAL it received past the switch
 *    point but never what it replayed); write/insert go back only then or when the node crashes
 *    (a replica's power loss drops its unflushed WAL, a primary's crash its unflushed inserts);
 *  - order: replay ≤ flush ≤ write on a standby (promotion replays past flush: replay ≤ write),
 *    flush ≤ insert on a primary, and a standby on the primary's timeline never holds WAL the
 *    primary has not flushed;
 *  - pg_stat_replication: replay ≤ flush ≤ write ≤ the primary's flush, and the primary never
 *    believes a standby got further than the standby ever got;
 *  - sync rep: a write acknowledged under remote_write / on / remote_apply had, at that moment,
 *    reached that position on as many listed standbys as synchronous_standby_names asks (in
 *    truth and in the primary's pg_stat_replication); semi-sync: received by waitForCount;
 *  - async: a local / off commit, or any commit with no standby named, never waits for a standby.
 */
import type { Simulation } from "../../src/engine";
import type { Scenario } from "../../src/engine/scenario/schema";
import type { EffectiveCommit, HistoryEvent as AnyEvent, OperationEvent as HistoryEvent, NodeView, Snapshot } from "../../src/engine/views";

const NO_LOG = Number.MAX_SAFE_INTEGER;
type Field = "write" | "flush" | "replay";

interface Invoked { timeUs: number; commit: EffectiveCommit }

/** The forms the arbitraries write: '', 'a, b', 'FIRST n (a, b)', 'ANY n (a, b)'. */
export function parseNames(text: string): { num: number; names: string[] } | null {
  const t = text.trim();
  if (t === "") return null;
  const m = /^(FIRST|ANY)\s+(\d+)\s*\((.*)\)$/i.exec(t);
  const list = (m ? m[3]! : t).split(",").map((s) => s.trim().replace(/^"|"$/g, "").toLowerCase());
  return { num: m ? Number(m[2]) : 1, names: list };
}

export class Watcher {
  readonly violations: string[] = [];
  acksChecked = 0;
  private readonly prev = new Map<string, NodeView>();
  /** highest position ever seen, by node and timeline */
  private readonly best = new Map<string, Record<Field, number>>();
  private readonly invoked = new Map<number, Invoked>();
  /** times (µs) at which a node is rewound or re-cloned: its positions may reset */
  private readonly resets: { us: number; node: string }[];
  /** times (µs) at which commit settings change or waits are cancelled */
  private readonly reconfigs: number[];
  private readonly fsyncMaxUs: number;
  sim: Simulation | null = null;
  /** how many violations to keep (the test stops at the first; exploration keeps more) */
  limit = 20;

  constructor(scenario: Scenario) {
    this.resets = scenario.actions.flatMap((a) => (a.op === "rewind" || a.op === "reclone" ? [{ us: a.atMs * 1000, node: a.node }] : []));
    this.reconfigs = scenario.actions.filter((a) => a.op === "configure" || a.op === "cancel").map((a) => Math.round(a.atMs * 1000));
    const fsyncs = [scenario.cluster.primary.fsyncMs, ...scenario.cluster.replicas.map((r) => r.fsyncMs),
      ...scenario.actions.flatMap((a) => (a.op === "set" && a.fsyncMs !== undefined ? [a.fsyncMs] : []))];
    this.fsyncMaxUs = Math.max(...fsyncs) * 1000;
  }

  private fail(text: string): void {
    if (this.violations.length < this.limit) this.violations.push(`t=${this.sim!.nowUs}µs: ${text}`);
  }

  private see(s: Snapshot): void {
    for (const n of s.nodes) {
      const k = `${n.name}@${n.timeline}`;
      const b = this.best.get(k) ?? { write: 0, flush: 0, replay: 0 };
      b.write = Math.max(b.write, n.lsn.write);
      b.flush = Math.max(b.flush, n.lsn.flush);
      b.replay = Math.max(b.replay, n.lsn.replay);
      this.best.set(k, b);
    }
  }

  private bestOf(name: string, timeline: number | null, field: Field): number {
    if (timeline !== null) return this.best.get(`${name}@${timeline}`)?.[field] ?? 0;
    let m = 0;
    for (const [k, v] of this.best) if (k.startsWith(`${name}@`)) m = Math.max(m, v[field]);
    return m;
  }

  // ---- after every event -------------------------------------------------------------------

  afterStep(): void {
    const s = this.sim!.snapshot(NO_LOG);
    this.see(s);
    for (const n of s.nodes) {
      this.checkMonotonic(n);
      this.checkOrder(n);
      this.prev.set(n.name, n);
    }
    this.checkAgainstPrimary(s);
  }

  private checkMonotonic(n: NodeView): void {
    const p = this.prev.get(n.name);
    if (!p) return;
    const now = this.sim!.nowUs;
    if (this.resets.some((r) => r.us === now && r.node === n.name)) return;
    const where = `${n.name} (${p.role}/${p.state} tl ${p.timeline} → ${n.role}/${n.state} tl ${n.timeline})`;
    if (n.lsn.replay < p.lsn.replay) this.fail(`${where}: replay went back ${p.lsn.replay} → ${n.lsn.replay}`);
    // Following a new timeline drops received WAL past the switch point (checkOrder keeps it ≥ replay).
    if (p.timeline !== n.timeline && n.role === "replica") return;
    if (n.lsn.flush < p.lsn.flush) this.fail(`${where}: flush went back ${p.lsn.flush} → ${n.lsn.flush}`);
    const crashed = p.state !== "down" && n.state === "down";
    if (!crashed && n.lsn.write < p.lsn.write) this.fail(`${where}: write went back ${p.lsn.write} → ${n.lsn.write} without a crash`);
    if (!crashed && n.lsn.insert < p.lsn.insert) this.fail(`${where}: insert went back ${p.lsn.insert} → ${n.lsn.insert} without a crash`);
  }

  private checkOrder(n: NodeView): void {
    const { write, flush, replay, insert } = n.lsn;
    if (n.role === "primary") {
      if (flush > insert) this.fail(`primary ${n.name}: flush ${flush} > insert ${insert}`);
      return;
    }
    if (flush > write) this.fail(`${n.name} (${n.state}): flush ${flush} > write ${write}`);
    if (n.state === "promoting") {
      if (replay > write) this.fail(`${n.name} (promoting): replay ${replay} > write ${write}`);
    } else if (replay > flush) {
      this.fail(`${n.name} (${n.state}): replay ${replay} > flush ${flush}`);
    }
  }

  private checkAgainstPrimary(s: Snapshot): void {
    const p = s.nodes.find((n) => n.name === s.primary);
    if (!p) return;
    for (const n of s.nodes) {
      if (n === p || n.role !== "replica" || n.state === "diverged" || n.timeline !== p.timeline) continue;
      if (n.lsn.write > p.lsn.flush) this.fail(`${n.name}: write ${n.lsn.write} > primary ${p.name}'s flush ${p.lsn.flush} on timeline ${p.timeline}`);
    }
    for (const r of s.replication) {
      if (!(r.replayLsn <= r.flushLsn && r.flushLsn <= r.writeLsn)) {
        this.fail(`pg_stat_replication ${r.name}: replay ${r.replayLsn} ≤ flush ${r.flushLsn} ≤ write ${r.writeLsn} broken`);
      }
      if (r.writeLsn > p.lsn.flush) this.fail(`pg_stat_replication ${r.name}: write ${r.writeLsn} > primary flush ${p.lsn.flush}`);
      for (const f of ["write", "flush", "replay"] as const) {
        const believed = r[`${f}Lsn`], truth = this.bestOf(r.name, null, f);
        if (believed > truth) this.fail(`pg_stat_replication ${r.name}: ${f}_lsn ${believed} but the standby never got past ${truth}`);
      }
    }
  }

  // ---- the history hook --------------------------------------------------------------------

  onHistory(e: AnyEvent): void {
    if (!("f" in e) || e.f !== "write" || !this.sim) return;
    if (e.type === "invoke") {
      this.invoked.set(e.op, { timeUs: e.timeUs, commit: this.sim.snapshot(NO_LOG).commit });
      return;
    }
    const inv = this.invoked.get(e.op);
    if (e.type !== "ok" || !inv || e.lsn === null || e.warning !== undefined) return;
    const s = this.sim.snapshot(NO_LOG);
    this.see(s);
    this.acksChecked++;
    const quiet = !this.reconfigs.some((t) => t >= inv.timeUs && t <= e.timeUs);
    if (inv.commit.mode === "postgres" && s.commit.mode === "postgres") this.checkSyncAck(e, inv, s, quiet);
    if (inv.commit.mode === "semiSync" && s.commit.mode === "semiSync") this.checkSemiSyncAck(e, s);
  }

  private checkSyncAck(e: HistoryEvent, inv: Invoked, s: Snapshot, quiet: boolean): void {
    const level = inv.commit.postgres.synchronous_commit;
    const latency = e.timeUs - inv.timeUs;
    const namedAtInvoke = parseNames(inv.commit.postgres.synchronous_standby_names);
    const named = parseNames(s.commit.postgres.synchronous_standby_names);
    const asyncCommit = level === "off" || level === "local" || (namedAtInvoke === null && named === null);
    if (asyncCommit && quiet && latency > 2 * this.fsyncMaxUs) {
      this.fail(`write op ${e.op} (${level}, names '${inv.commit.postgres.synchronous_standby_names}') waited ${latency}µs > 2 × fsync ${this.fsyncMaxUs}µs`);
    }
    if (level === "off" || level === "local" || named === null) return;
    const field: Field = level === "remote_write" ? "write" : level === "on" ? "flush" : "replay";
    const listed = (name: string) => named.names.includes("*") || named.names.includes(name.toLowerCase());
    // Any node but the acknowledging one counts: a standby that confirmed and was then promoted had it.
    const holders = s.nodes.filter((n) => n.name !== e.node && listed(n.name)
      && this.bestOf(n.name, e.timeline, field) >= e.lsn!).map((n) => n.name);
    const what = `write op ${e.op} at LSN ${e.lsn} (tl ${e.timeline}) acknowledged under ${level} / '${s.commit.postgres.synchronous_standby_names}'`;
    if (holders.length < named.num) this.fail(`${what}: only [${holders.join(", ")}] had ${field} ≥ LSN (need ${named.num})`);
    if (e.node !== s.primary) return;
    const believers = s.replication.filter((r) => listed(r.name) && r[`${field}Lsn`] >= e.lsn!).map((r) => r.name);
    if (believers.length < named.num) this.fail(`${what}: pg_stat_replication shows ${field} ≥ LSN only on [${believers.join(", ")}]`);
  }

  private checkSemiSyncAck(e: HistoryEvent, s: Snapshot): void {
    const ss = s.commit.semiSync;
    if (!s.commit.semiSyncActive || !ss.waitNoReplica) return;
    const holders = s.nodes.filter((n) => n.name !== e.node && this.bestOf(n.name, e.timeline, "write") >= e.lsn!);
    if (holders.length < ss.waitForCount) {
      this.fail(`semi-sync write op ${e.op} at LSN ${e.lsn} acknowledged while ON, received by ${holders.length} < ${ss.waitForCount} replica(s)`);
    }
  }
}
