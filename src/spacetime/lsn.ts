/** How PostgreSQL prints an LSN: high and low 32 bits in hex, "0/1F0" (the diagram's own copy: it imports nothing from the UI). */
export function lsnText(lsn: number): string {
  const hi = Math.floor(lsn / 2 ** 32);
  return `${hi.toString(16).toUpperCase()}/${(lsn - hi * 2 ** 32).toString(16).toUpperCase()}`;
}

/** Seconds with three decimals, as the explanations say times: "1.204 s". */
export function secondsText(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}
