/* Plain-text tables for the terminal. */

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** 1234567 -> "1.23 M", 45678 -> "45.7 k" */
export function si(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function verdict(pass: boolean): string {
  return pass ? "PASS" : "MISS";
}
