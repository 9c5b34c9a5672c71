/*
 * Field paths as a person writes them in JavaScript: `cluster.replicas[1].networkDelayMs`,
 * `sessions["my session"].routing`. The root is the empty string.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "symbol") out += `[${String(key)}]`;
    else if (IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** `base.key` without a leading dot when base is the root. */
export function joinPath(base: string, ...keys: PropertyKey[]): string {
  const tail = formatPath(keys);
  if (base === "" || tail.startsWith("[")) return base + tail;
  return `${base}.${tail}`;
}
