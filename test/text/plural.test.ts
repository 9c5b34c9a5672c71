import { describe, expect, it } from "vitest";
import { plural } from "../../src/text/plural";

describe("plural", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(plural(1, "commit")).toBe("1 commit");
    expect(plural(0, "commit")).toBe("0 commits");
    expect(plural(3, "commit is", "commits are")).toBe("3 commits are");
    expect(plural(1, "commit is", "commits are")).toBe("1 commit is");
    expect(plural(1200, "row", "rows", "1,200")).toBe("1,200 rows");
  });
});
