/** Virtual time is integer microseconds; scenario files speak milliseconds. */
export type Micros = number;
/** A WAL position: a byte offset into the log. */
export type Lsn = number;

export function msToUs(ms: number): Micros {
  return Math.round(ms * 1000);
}

/**
 * A timer setting in whole µs: 0 stays 0 (PostgreSQL's "disabled" for timeouts and the status
 * interval), any positive value is at least 1 µs, so a timer always moves the clock on.
 */
export function timerUs(ms: number): Micros {
  return ms <= 0 ? 0 : Math.max(1, msToUs(ms));
}

export function usToMs(us: Micros): number {
  return us / 1000;
}
