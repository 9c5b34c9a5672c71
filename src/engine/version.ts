/**
 * The engine's version, as links to a moment record it (src/timeline/link.ts). Bump it whenever
 * the same scenario + seed + commands may give a different history (a changed model, another
 * order of events, another use of the PRNG): a link made by another version still opens, but the
 * page says that its numbers may differ from what its author saw.
 */
export const ENGINE_VERSION = 1;
