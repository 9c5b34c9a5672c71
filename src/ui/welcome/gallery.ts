/*
 * The examples gallery, loaded when first opened: the example files and docs/scenarios.md (their
 * stories) make a chunk of their own, not part of the first paint.
 */
import { lazyData } from "../lazy/lazyData";
import type { Example } from "./galleryData";

export type { Example };

export const examples = lazyData<Example[]>(async () => (await import("./galleryData")).EXAMPLES);
