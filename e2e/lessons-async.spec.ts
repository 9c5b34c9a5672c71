/* Lessons completed as a student: async replication, failover, split brain, slots (lessonPlays.ts). */
import { playLessons } from "./lessonPlays";

playLessons([
  ["async-stale-read", "mouse"],
  ["async-failover-loss", "mouse"],
  ["split-brain", "keyboard"],
  ["slot-fills-disk", "mouse"],
]);
