/*
 * Everything the CLI prints may carry text from a scenario file (its name, session and node
 * names, unknown field names), and a terminal obeys control characters: ESC [ 2 J clears the
 * screen, ESC ] 0 ; … BEL retitles the window, U+009B is a one-byte CSI, U+202E flips the text
 * that follows. So every byte the CLI writes passes through here: such characters are written
 * as the JSON escape \uXXXX (visible, and still the same string when it is inside JSON).
 */
import { controlCharPattern } from "../text/controlChars";

/** The shared list (text/controlChars.ts) but tab and line feed, which output is made of. */
const UNSAFE = controlCharPattern("\t\n");

function escapeOne(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text for a terminal: line breaks and tabs kept, every other control character shown escaped.
 * Also right for JSON text (JSON.stringify escapes C0 controls but not DEL, C1 or bidi controls;
 * these can only sit inside its strings, where \uXXXX stands for the same character).
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}
