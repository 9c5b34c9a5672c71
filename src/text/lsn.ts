/*
 * How PostgreSQL prints an LSN. Shared by the page's panels and the lessons' texts, so a number a
 * lesson names ("offset 66") can be found on screen ("0/42").
 */

/** "0/16B3A80": the high and low 32 bits of the byte position, in hex. */
export function formatLsn(lsn: number): string {
  const hi = Math.floor(lsn / 2 ** 32);
  const lo = lsn - hi * 2 ** 32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}
