import type { SynchronousCommit } from "../scenario/schema";

/** What a commit waits for, captured when it commits (a later SET does not change a waiting backend). */
export const LEVEL_OFF = 0, LEVEL_LOCAL = 1, LEVEL_REMOTE_WRITE = 2, LEVEL_ON = 3, LEVEL_REMOTE_APPLY = 4,
  LEVEL_SEMI_SYNC = 5;

export function levelOf(sc: SynchronousCommit): number {
  switch (sc) {
    case "off": return LEVEL_OFF;
    case "local": return LEVEL_LOCAL;
    case "remote_write": return LEVEL_REMOTE_WRITE;
    case "on": return LEVEL_ON;
    case "remote_apply": return LEVEL_REMOTE_APPLY;
  }
}
