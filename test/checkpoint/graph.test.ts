/*
 * GraphCopier's copy into an old graph (a restore into a simulation one is done with): an object
 * of the same kind and shape is filled in place and keeps its identity; one of another shape is
 * replaced by a new copy; an old object reached twice takes the place of one object only, so two
 * objects of the copy never become one; shared references and cycles stay as they were.
 */
import { describe, expect, it } from "vitest";
import { GraphCopier, NOT_LEAF } from "../../src/engine/checkpoint/graph";

class Node {
  constructor(public name: string, public next: Node | null, public tags: string[]) {}
}

const copier = () => new GraphCopier(() => NOT_LEAF);

describe("GraphCopier into an old graph", () => {
  it("fills objects, arrays and maps of the same shape in place, and copies their values", () => {
    const shared = new Node("b", null, ["y"]);
    const source = { a: new Node("a", shared, ["x"]), b: shared, list: [shared, 3], byId: new Map<number, Node>([[1, shared]]) };
    source.a.next = shared;
    const oldB = new Node("old b", null, []);
    const old = { a: new Node("old a", null, ["q", "r"]), b: oldB, list: [oldB, 9, 10], byId: new Map<number, Node>([[1, oldB], [2, oldB]]) };
    const oldA = old.a, oldList = old.list, oldMap = old.byId;
    const out = copier().copy(source, {}, "root", old) as typeof source;
    expect(out).toBe(old);
    expect(out.a).toBe(oldA);
    expect(out.list).toBe(oldList);
    expect(out.byId).toBe(oldMap);
    expect(out).toEqual(source);
    expect(out.a).toBeInstanceOf(Node);
    // One object of the source stays one object in the copy, and is not the source's.
    expect(out.a.next).toBe(out.b);
    expect(out.list[0]).toBe(out.b);
    expect(out.byId.get(1)).toBe(out.b);
    expect(out.b).not.toBe(shared);
    expect([...out.byId.keys()]).toEqual([1]);
  });

  it("copies anew where the old object has another shape or prototype", () => {
    const source = { a: new Node("a", null, []), b: { x: 1, y: 2 } };
    const oldA = { name: "a", next: null, tags: [] };
    const oldB = { y: 2, x: 1 };
    const out = copier().copy(source, {}, "root", { a: oldA, b: oldB }) as typeof source;
    expect(out.a).not.toBe(oldA);
    expect(out.a).toBeInstanceOf(Node);
    expect(out.b).not.toBe(oldB);
    expect(out).toEqual(source);
  });

  it("never lets one old object stand for two objects of the copy", () => {
    const source = { a: new Node("a", null, []), b: new Node("b", null, []) };
    const one = new Node("old", null, []);
    const out = copier().copy(source, {}, "root", { a: one, b: one }) as typeof source;
    expect(out.a).toBe(one);
    expect(out.b).not.toBe(one);
    expect(out.a.name).toBe("a");
    expect(out.b.name).toBe("b");
  });

  it("keeps cycles", () => {
    const a = new Node("a", null, []);
    a.next = a;
    const old = new Node("o", null, []);
    const out = copier().copy({ a }, {}, "root", { a: old }) as { a: Node };
    expect(out.a).toBe(old);
    expect(out.a.next).toBe(out.a);
  });
});
