/* Multi-primary replication's room: what the rest of the engine may use. */
export { MultiPrimary } from "./multiPrimary";
export type { MultiPrimaryView } from "./views";
