/*
 * Number formatting shared by every panel. Pure: no DOM, so the unit tests run in Node.
 * Units are the engine's: bytes for LSNs, integer microseconds for time.
 */
import { format } from "d3";

export { formatLsn } from "../../text/lsn";

/** Bytes in the units a person reads at a glance: "812 B", "4.2 kB", "13 MB". */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "−" : "";
  const b = Math.abs(bytes);
  if (b < 1000) return `${sign}${Math.round(b)} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = b / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${sign}${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A duration given in µs as "0.4 ms", "12 ms", "1.3 s"; null (SQL NULL) as "—". */
export function formatDurationUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return "—";
  const ms = us / 1000;
  if (Math.abs(ms) < 1) return `${ms.toFixed(2)} ms`;
  if (Math.abs(ms) < 10) return `${ms.toFixed(1)} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

/** pg_stat_replication prints lags as intervals: "00:00:01.234567". */
export function formatInterval(us: number | null): string {
  if (us === null) return "NULL";
  const totalSeconds = Math.floor(us / 1e6);
  const micros = Math.round(us - totalSeconds * 1e6);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(micros, 6)}`;
}

/** Virtual time of a log line: seconds with millisecond precision, "12.345 s". */
export function formatClockUs(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}

const thousands = format(",.0f");

/** Thousands separated, for counters on a projector (d3-format: toLocaleString is slow). */
export function formatCount(n: number): string {
  return thousands(Math.round(n));
}
