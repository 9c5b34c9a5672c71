/** Wording for what goes wrong with files, in the user's terms rather than errno names. */
import type { FieldError } from "../engine/scenario/validate";
import { FileRefusal } from "./scenarioFile";

const MAX_SHOWN = 20;

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  ELOOP: "too many symbolic links (a link that points back to itself?)",
  ENAMETOOLONG: "the file name is too long",
  EMFILE: "too many open files",
  ENXIO: "no such device",
  EIO: "an input/output error on the device",
  EBUSY: "the file is busy",
};

export function describeFileError(error: unknown): string {
  if (error instanceof FileRefusal) return error.message;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (Object.hasOwn(ERRNO_WORDS, code)) return ERRNO_WORDS[code]!;
  // Another errno: its system message without Node's "CODE: … , open 'path'" around it.
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  const words = /^[A-Z]+: ([^,]+)/.exec(message)?.[1];
  return words === undefined ? message : `${words} (${code || "error"})`;
}

/** One line per problem, `file: path: message`, as compilers print them; the first 20 only. */
export function formatScenarioErrors(file: string, errors: readonly FieldError[]): string {
  const shown = errors.slice(0, MAX_SHOWN).map((e) => (e.path === "" ? `${file}: ${e.message}` : `${file}: ${e.path}: ${e.message}`));
  const more = errors.length > MAX_SHOWN ? [`… and ${errors.length - MAX_SHOWN} more problems`] : [];
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  return [`${file} is not a valid scenario (${count}):`, ...shown, ...more].join("\n");
}
