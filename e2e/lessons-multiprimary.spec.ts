/*
 * Lessons completed as a student: multi-primary, on the multi-primary run's own controls (Links'
 * Cut, Replication channels' Skip event, a primary's clock and generated-key settings) and Show me (lessonPlays.ts).
 */
import { playLessons } from "./lessonPlays";

playLessons([
  ["multi-primary-divergence", "mouse"],
  ["multi-primary-fast-clock", "mouse"],
  ["multi-primary-certification", "keyboard"],
  ["multi-primary-generated-keys", "keyboard"],
]);
