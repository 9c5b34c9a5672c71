/** Parses a scenario file's text, with a line:column and a reason when it is not JSON. */
import { findJsonError, type JsonLocation } from "./jsonErrors";

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: JsonLocation };

export function parseJsonText(text: string): JsonResult {
  // Editors on Windows like to start files with a byte-order mark, which JSON.parse rejects.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const found = findJsonError(body);
    const fallback = { line: 1, column: 1, reason: error instanceof Error ? error.message : String(error) };
    return { ok: false, error: found ?? fallback };
  }
}
