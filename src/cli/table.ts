/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */

export type Cell = string | number;

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], indent = "  "): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === "number" || r[c] === "—"));
  const line = (cells: readonly Cell[]) =>
    indent + cells.map((cell, c) => {
      const text = String(cell);
      return numeric[c] ? text.padStart(widths[c]!) : text.padEnd(widths[c]!);
    }).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
