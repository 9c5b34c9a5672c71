/* Lessons completed as a student: logical replication, on the Logical replication panel's controls (lessonPlays.ts). */
import { playLessons } from "./lessonPlays";

playLessons([
  ["logical-conflict-stops-apply", "mouse"],
  ["logical-subscriber-down-fills-disk", "mouse"],
]);
