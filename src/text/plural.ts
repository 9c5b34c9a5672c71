/*
 * A count and its noun: "1 commit", "3 commits", "0 rows". One helper for every place the page,
 * the CLI and the lessons' texts put a number before a word, so that none says "1 commits".
 */

/** `count` then `one` or `many` (by default `one` + "s"); `shown` is the number as printed. */
export function plural(count: number, one: string, many = `${one}s`, shown: string = String(count)): string {
  return `${shown} ${count === 1 ? one : many}`;
}
