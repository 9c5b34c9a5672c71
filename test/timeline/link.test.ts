import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeLink, encodeLink, LINK_FORMAT, LINK_LIMITS, linkPayload, type MomentLink } from "../../src/timeline/link";
import { deflate, toBase64Url } from "../../src/timeline/bytes";
import { extend, giveCommand, newTree, switchBranch, type BranchTree } from "../../src/timeline/branches";
import { commandsAt } from "../../src/timeline/moment";
import { ENGINE_VERSION } from "../../src/engine/version";
import type { Command } from "../../src/engine/views";

const scenario = { name: "link test", seed: 7, cluster: { replicas: [{ name: "s1" }] } };

/** A tree grown by random steps: run on, give a command (live or in the past: a fork), switch branch. */
const treeArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("run" as const), events: fc.integer({ min: 1, max: 1_000 }), us: fc.integer({ min: 0, max: 50_000 }) }),
    fc.record({ kind: fc.constant("cmd" as const), back: fc.integer({ min: 0, max: 2_000 }), value: fc.string({ maxLength: 12 }) }),
    fc.record({ kind: fc.constant("switch" as const), pick: fc.nat() }),
  ),
  { maxLength: 40 },
).map((steps) => {
  let tree = newTree();
  for (const s of steps) {
    const end = tree.branches.find((b) => b.id === tree.current)!.end;
    if (s.kind === "run") tree = extend(tree, { events: end.events + s.events, atUs: end.atUs + s.us });
    else if (s.kind === "switch") tree = switchBranch(tree, tree.branches[s.pick % tree.branches.length]!.id)!;
    else {
      // A moment at or before the end, never before the branch's own start.
      const branch = tree.branches.find((b) => b.id === tree.current)!;
      const from = branch.forkedAt ?? { events: 0, atUs: 0 };
      const last = branch.log[branch.log.length - 1] ?? from;
      const events = Math.max(last.events + 1, end.events - s.back, from.events);
      const at = events >= end.events ? end : { events, atUs: Math.max(last.atUs, end.atUs - s.back) };
      const cmd: Command = { op: "write", session: "c", key: "x", value: s.value };
      const r = giveCommand(tree, { ...at, cmd });
      if (r.ok) tree = r.tree;
    }
  }
  return tree;
});

async function rawLink(json: string): Promise<string> {
  return `moment=${LINK_FORMAT}.${toBase64Url(await deflate(new TextEncoder().encode(json)))}`;
}

async function goodLink(): Promise<string> {
  let tree: BranchTree = extend(newTree(), { events: 100, atUs: 10_000 });
  const r = giveCommand(tree, { events: 100, atUs: 10_000, cmd: { op: "crash", node: "s1", kind: "power" } });
  if (!r.ok) throw new Error(r.message);
  tree = extend(r.tree, { events: 200, atUs: 20_000 });
  const encoded = await encodeLink({ scenario, tree, moment: { events: 150, atUs: 15_000, commands: 1 } });
  if (!encoded.ok) throw new Error(encoded.message);
  return encoded.link;
}

describe("link codec", () => {
  it("round trip: any tree, any moment on the current branch comes back equal", async () => {
    await fc.assert(fc.asyncProperty(treeArb, fc.nat(), async (tree, pick) => {
      const end = tree.branches.find((b) => b.id === tree.current)!.end;
      const branch = tree.branches.find((b) => b.id === tree.current)!;
      const events = pick % (end.events + 1);
      const atUs = events === end.events ? end.atUs : Math.min(end.atUs, events * 10);
      const commands = commandsAt(branch.log, { events, atUs }).length;
      const moment = { events, atUs, commands };
      const encoded = await encodeLink({ scenario, tree, moment });
      expect(encoded.ok).toBe(true);
      if (!encoded.ok) return;
      const decoded = await decodeLink(`https://example.org/lab/#${encoded.link}`);
      expect(decoded).toEqual({ ok: true, notices: [], link: { format: LINK_FORMAT, engine: ENGINE_VERSION, scenario, tree, moment } satisfies MomentLink });
    }), { numRuns: 60 });
  });

  it("finds the payload in a whole address, a fragment or on its own", () => {
    expect(linkPayload("http://h/p?scenario=x#moment=1.abc")).toBe("1.abc");
    expect(linkPayload("#moment=1.abc")).toBe("1.abc");
    expect(linkPayload("moment=1.abc")).toBe("1.abc");
    expect(linkPayload("http://h/p#other")).toBeNull();
  });

  describe("hostile links: each refused or trimmed with a sentence, never thrown", () => {
    it("truncated", async () => {
      const link = await goodLink();
      for (const cut of [link.length - 1, link.length - 7, Math.floor(link.length / 2), 12]) {
        const r = await decodeLink(link.slice(0, cut));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/could not be opened: .*(damaged|cut short|characters a link never has)/);
      }
    });

    it("too long: refused before anything is decoded", async () => {
      const r = await decodeLink(`moment=1.${"A".repeat(LINK_LIMITS.chars + 1)}`);
      expect(r).toEqual({ ok: false, message: expect.stringContaining("characters long; a link holds at most") });
    });

    it("another link format", async () => {
      const link = await goodLink();
      const r = await decodeLink(link.replace("moment=1.", "moment=2."));
      expect(r).toEqual({ ok: false, message: expect.stringContaining("link format 2, and this page reads format 1 (it was made by a newer") });
      expect(await decodeLink("moment=abc")).toEqual({ ok: false, message: expect.stringContaining("does not start with a link format version") });
    });

    it("another engine version: restored, with a notice that the numbers may differ", async () => {
      const json = JSON.stringify({ format: 1, engine: ENGINE_VERSION + 1, scenario, branches: [{ id: 0, name: "main", parent: null, forkedAt: null, commands: [], end: [5, 500] }], current: 0, moment: [5, 500, 0] });
      const r = await decodeLink(await rawLink(json));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.notices.join(" ")).toContain(`engine version ${ENGINE_VERSION + 1}; this page runs version ${ENGINE_VERSION}`);
        expect(r.link.moment).toEqual({ events: 5, atUs: 500, commands: 0 });
      }
    });

    it("script in names stays text; control characters are cleaned, with a notice", async () => {
      const name = "<img src=x onerror=alert(1)>\u202e\u0007";
      const json = JSON.stringify({ format: 1, engine: ENGINE_VERSION, scenario, branches: [{ id: 0, name, parent: null, forkedAt: null, commands: [], end: [0, 0] }], current: 0, moment: [0, 0, 0] });
      const r = await decodeLink(await rawLink(json));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.link.tree.branches[0]!.name).toBe("<img src=x onerror=alert(1)>");
        expect(r.notices.join(" ")).toContain("control characters");
      }
    });

    it("deep nesting: refused before JSON.parse", async () => {
      const deep = "[".repeat(100_000) + "]".repeat(100_000);
      const r = await decodeLink(await rawLink(`{"format":1,"scenario":${deep}}`));
      expect(r).toEqual({ ok: false, message: expect.stringContaining("nested deeper than 40 levels") });
    });

    it("a decompression bomb: inflating stops at the cap", async () => {
      // 16 MB of spaces deflate to ~16 KB; only LINK_LIMITS.jsonBytes of them are ever inflated.
      const bomb = new Uint8Array(16 * 1024 * 1024).fill(0x20);
      const link = `moment=1.${toBase64Url(await deflate(bomb))}`;
      expect(link.length).toBeLessThan(LINK_LIMITS.chars);
      const r = await decodeLink(link);
      expect(r).toEqual({ ok: false, message: expect.stringContaining("unpacks to more than 4,000,000 bytes") });
    });

    it("not JSON, not a link, no scenario, no branches", async () => {
      expect(await decodeLink(await rawLink("{nope"))).toEqual({ ok: false, message: expect.stringContaining("not valid JSON") });
      expect(await decodeLink(await rawLink("[1,2]"))).toEqual({ ok: false, message: expect.stringContaining("not a link") });
      expect(await decodeLink(await rawLink('{"format":1,"branches":[]}'))).toEqual({ ok: false, message: expect.stringContaining("no scenario") });
      expect(await decodeLink(await rawLink(JSON.stringify({ format: 1, scenario, branches: [] })))).toEqual({ ok: false, message: expect.stringContaining("no branch") });
    });

    it("damaged branches are dropped with their descendants; the rest is restored", async () => {
      const branches = [
        { id: 0, name: "main", parent: null, forkedAt: null, commands: [[10, 100, { op: "write", session: "c", key: "x", value: "1" }]], end: [50, 500] },
        { id: 1, name: "bad", parent: 0, forkedAt: [20, 200], inherited: 1, commands: [[10, 100, { op: "write" }]], end: [30, 300] },  // before its fork
        { id: 2, name: "child of bad", parent: 1, forkedAt: [25, 250], inherited: 2, commands: [], end: [25, 250] },
        { id: 3, name: "fine", parent: 0, forkedAt: [20, 200], inherited: 1, commands: [[20, 200, { op: "crash", node: "s1" }]], end: [40, 400] },
        { id: 4, name: "ids", parent: 0, forkedAt: [1e20, 0], inherited: 0, commands: [], end: [1, 1] },
        { id: 5, name: "shares too much", parent: 0, forkedAt: [5, 50], inherited: 1, commands: [], end: [5, 50] },
      ];
      const r = await decodeLink(await rawLink(JSON.stringify({ format: 1, engine: ENGINE_VERSION, scenario, branches, current: 2, moment: [25, 250, 2] })));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.link.tree.branches.map((b) => b.name)).toEqual(["main", "fine"]);
      expect(r.link.tree.branches[1]!.log.map((e) => e.cmd.op)).toEqual(["write", "crash"]);
      expect(r.link.tree.current).toBe(0);
      expect(r.link.moment).toEqual({ events: 50, atUs: 500, commands: 1 });
      const said = r.notices.join("\n");
      expect(said).toContain("Branch 2 of the link could not be restored (its commands are out of order)");
      expect(said).toContain("Branch 3 of the link could not be restored (the branch it was forked from is missing)");
      expect(said).toContain("Branch 5 of the link could not be restored");
      expect(said).toContain("Branch 6 of the link could not be restored (the commands it shares with its parent do not match");
      expect(said).toContain('"main" is shown instead');
    });

    it("too many commands or branches: counted, not all read", async () => {
      const cmd = { op: "write", session: "c", key: "x", value: "1" };
      const many = Array.from({ length: LINK_LIMITS.commands + 1 }, (_, i) => [i, i, cmd]);
      const json = JSON.stringify({ format: 1, engine: ENGINE_VERSION, scenario, branches: [{ id: 0, name: "m", parent: null, forkedAt: null, commands: many, end: [1e6, 1e6] }], current: 0, moment: [0, 0, 0] });
      const r = await decodeLink(await rawLink(json));
      expect(r.ok && r.notices.join(" ")).toContain("more than 20,000 commands");
      const branches = Array.from({ length: 150 }, (_, i) => ({ id: i, name: `b${i}`, parent: i === 0 ? null : 0, forkedAt: i === 0 ? null : [0, 0], inherited: 0, commands: [], end: [0, 0] }));
      const r2 = await decodeLink(await rawLink(JSON.stringify({ format: 1, engine: ENGINE_VERSION, scenario, branches, current: 0, moment: [0, 0, 0] })));
      expect(r2.ok).toBe(true);
      if (r2.ok) {
        expect(r2.link.tree.branches).toHaveLength(LINK_LIMITS.branches);
        expect(r2.notices.join(" ")).toContain("only the first 100 were read");
      }
    });

    it("random bytes and random text never throw", async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 200 }), async (bytes, text) => {
        const a = await decodeLink(`moment=1.${toBase64Url(bytes)}`);
        const b = await decodeLink(text);
        const c = await decodeLink(await rawLink(text));
        for (const r of [a, b, c]) if (!r.ok) expect(r.message).toMatch(/^The link could not be opened: /);
      }), { numRuns: 150 });
    });

    it("mutated good links never throw: either refused with a sentence or restored", async () => {
      const link = await goodLink();
      await fc.assert(fc.asyncProperty(fc.nat({ max: link.length - 1 }), fc.constantFrom(..."ABCxyz-_09"), async (at, ch) => {
        const r = await decodeLink(link.slice(0, at) + ch + link.slice(at + 1));
        if (r.ok) expect(r.link.tree.branches.length).toBeGreaterThan(0);
        else expect(r.message).toMatch(/^The link could not be opened: /);
      }), { numRuns: 150 });
    });
  });
});
