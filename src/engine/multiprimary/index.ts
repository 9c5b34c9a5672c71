/* Multi-primary replication's room: what the rest of the engine may use. */
export { MultiPrimary } from "./multiPrimary";
export type { MpConflictView, MultiPrimaryReport, MultiPrimaryView } from "./views";
