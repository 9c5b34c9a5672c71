/*
 * Checkpoint and restore: a simulation's whole state saved as immutable data that shares its
 * unchanged columns with the checkpoint before, and a new simulation built from it.
 */
export { Checkpoint, restoreSimulation, takeCheckpoint } from "./checkpoint";
export { CheckpointError } from "./graph";
export { setChunkRows } from "./columns";
