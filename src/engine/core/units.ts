/** Virtual time is integer microseconds; scenario files speak milliseconds. */
export type Micros = number;
/** A WAL position: a byte offset into the log. */
export type Lsn = number;

export function msToUs(ms: number): Micros {
  return Math.round(ms * 1000);
}

export function usToMs(us: Micros): number {
  return us / 1000;
}
