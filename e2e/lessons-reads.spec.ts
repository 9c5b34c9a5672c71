/* Lessons completed as a student: semi-sync, who sees what, read routing, monitoring (lessonPlays.ts). */
import { playLessons } from "./lessonPlays";

playLessons([
  ["semi-sync-timeout", "keyboard"],
  ["after-sync-vs-after-commit", "mouse"],
  ["read-your-writes-pin", "mouse"],
  ["lag-aware-routing", "mouse"],
  ["causal-reads", "mouse"],
  ["monitoring-alerts", "mouse"],
]);
