/*
 * Where a JSON text goes wrong, as line:column and a reason. Node 20's JSON.parse messages
 * often carry no position at all ("Unexpected token '}', ... is not valid JSON"), so a failed
 * parse is scanned again here. Iterative (an explicit stack), so deep nesting cannot overflow.
 */

export interface JsonLocation { line: number; column: number; reason: string }
type Expect = "value" | "valueOrClose" | "valueAfterComma" | "keyOrClose" | "keyAfterComma" | "colon" | "afterValue";

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function show(c: string): string {
  return c === "\n" ? "a line break" : JSON.stringify(c);
}

/** The end of the string literal that starts at `start`, or the error inside it. */
function scanString(text: string, start: number): number | { at: number; reason: string } {
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === '"') return j + 1;
    if (c < " ") return { at: j, reason: "a string holds a raw control character or line break (write it as \\n, \\t, …)" };
    if (c !== "\\") continue;
    const e = text[j + 1] ?? "";
    if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
    else if (ESCAPES.has(e)) j += 1;
    else return { at: j, reason: `invalid escape \\${e} in a string` };
  }
  return { at: start, reason: "a string is not closed (missing \")" };
}

function scanValue(text: string, i: number): number | { at: number; reason: string } {
  const c = text[i]!;
  if (c === '"') return scanString(text, i);
  for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  if (c === "'") return { at: i, reason: "JSON strings take double quotes, not single quotes" };
  if (c === "/") return { at: i, reason: "JSON allows no comments" };
  return { at: i, reason: `expected a value (an object, list, string, number, true, false or null), got ${show(c)}` };
}

export function locate(text: string, offset: number, reason: string): JsonLocation {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") { line++; lineStart = k + 1; }
  }
  return { line, column: offset - lineStart + 1, reason };
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonError(text: string): JsonLocation | null {
  const stack: ("{" | "[")[] = [];
  let expect: Expect = "value";
  let i = 0;
  const error = (at: number, reason: string) => locate(text, at, reason);
  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
    if (i >= text.length) {
      if (expect === "afterValue" && stack.length === 0) return null;
      return error(i, stack.length > 0 ? `the file ends while a ${stack.at(-1)} is still open` : "the file is empty");
    }
    const c = text[i]!;
    const top = stack.at(-1);
    if (expect === "afterValue") {
      if (top === undefined) return error(i, `unexpected ${show(c)} after the end of the JSON value`);
      if (c === ",") { expect = top === "{" ? "keyAfterComma" : "valueAfterComma"; i++; continue; }
      if (c === (top === "{" ? "}" : "]")) { stack.pop(); i++; continue; }
      return error(i, `expected "," or "${top === "{" ? "}" : "]"}" after a value, got ${show(c)}`);
    }
    if (expect === "colon") {
      if (c !== ":") return error(i, `expected ":" after a field name, got ${show(c)}`);
      expect = "value"; i++; continue;
    }
    if ((expect === "keyAfterComma" && c === "}") || (expect === "valueAfterComma" && c === "]")) {
      return error(i, `a comma before "${c}" (JSON allows no trailing comma)`);
    }
    if ((expect === "keyOrClose" && c === "}") || (expect === "valueOrClose" && c === "]")) {
      stack.pop(); expect = "afterValue"; i++; continue;
    }
    if (expect === "keyOrClose" || expect === "keyAfterComma") {
      if (c === "/") return error(i, "JSON allows no comments");
      if (c !== '"') return error(i, `expected a field name in double quotes, got ${show(c)}`);
      const end = scanString(text, i);
      if (typeof end !== "number") return error(end.at, end.reason);
      expect = "colon"; i = end; continue;
    }
    if (c === "{" || c === "[") { stack.push(c); expect = c === "{" ? "keyOrClose" : "valueOrClose"; i++; continue; }
    const end = scanValue(text, i);
    if (typeof end !== "number") return error(end.at, end.reason);
    expect = "afterValue"; i = end;
  }
}
