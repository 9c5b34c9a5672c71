/* Lessons completed as a student: synchronous commit, its levels and its quorum (lessonPlays.ts). */
import { playLessons } from "./lessonPlays";

playLessons([
  ["sync-latency", "keyboard"],
  ["sync-standby-down", "mouse"],
  ["synchronous-commit-ladder", "mouse"],
  ["remote-write-power-loss", "keyboard"],
  ["quorum-first-vs-any", "keyboard"],
]);
