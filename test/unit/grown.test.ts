import { describe, expect, it } from "vitest";
import { grown } from "../../src/engine/core/grown";

describe("grown", () => {
  it("copies a column into a longer one of the same type, the new entries holding the fill", () => {
    const a = Int16Array.from([3, -1, 7]);
    const b = grown(a, 6, -1);
    expect(b).toBeInstanceOf(Int16Array);
    expect([...b]).toEqual([3, -1, 7, -1, -1, -1]);
    const f = grown(Float64Array.from([0.5, 2 ** 40]), 4);
    expect(f).toBeInstanceOf(Float64Array);
    expect([...f]).toEqual([0.5, 2 ** 40, 0, 0]);
    expect([...grown(Uint8Array.from([255]), 2)]).toEqual([255, 0]);
  });
});
