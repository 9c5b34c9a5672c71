/** Whether parsed JSON is a moment file (docs/formats.md) rather than a scenario: a scenario has no `branches`. Kept apart
 *  from momentFile.ts so that telling them apart does not load the engine. */
export function isMomentFile(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "branches" in value && "scenario" in value && "format" in value;
}
