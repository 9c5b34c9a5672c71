/*
 * Links to a moment on the command line (issue 18): `--from-link URL` turns a page's link into a
 * moment file — the link's contents as readable JSON (docs/formats.md, "The moment file") — and
 * `--to-link FILE` turns a moment file back into a link. The file holds what the link holds, field
 * for field (scenario, every branch's commands at their exact event counts, the branch and moment
 * shown), so link → file → link gives the same link. A moment file given where a scenario file
 * goes runs to its moment and prints the state there, as `--at` does: the same numbers the page
 * shows at that moment. The codec (src/timeline/link.ts) checks sizes, depth and every field; the
 * commands are checked again like a scenario's (worker/checkTimeline.ts).
 */
import { decodeLink, encodeLink, LINK_LIMITS, linkJson, readLinkJson, type MomentLink } from "../timeline/link";
import { jsonDepthExceeds } from "../timeline/bytes";
import { checkTimeline } from "../worker/checkTimeline";
import { Travel } from "../worker/travel";
import { HISTORY_LIMIT_WRITES } from "../worker/historyLimit";
import { parseScenario } from "../engine/scenario/validate";
import type { Scenario } from "../engine/scenario/schema";
import type { Snapshot } from "../engine/views";

export type MomentResult<T> = { ok: true; value: T; notices: string[] } | { ok: false; message: string };

/** A link (a whole address, a fragment or the payload) as a moment file's text. */
export async function momentFileFromLink(url: string): Promise<MomentResult<string>> {
  const decoded = await decodeLink(url.trim());
  if (!decoded.ok) return { ok: false, message: decoded.message };
  return { ok: true, value: `${JSON.stringify(linkJson(decoded.link), null, 2)}\n`, notices: decoded.notices };
}

/** A moment file's text, checked as a link's contents are. */
export function readMomentFile(text: string): MomentResult<MomentLink> {
  if (text.length > LINK_LIMITS.jsonBytes) {
    return { ok: false, message: `the moment file is ${text.length.toLocaleString("en")} characters; a moment file (like a link) holds at most ${LINK_LIMITS.jsonBytes.toLocaleString("en")}` };
  }
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (jsonDepthExceeds(body, LINK_LIMITS.depth)) return { ok: false, message: `the moment file is nested deeper than ${LINK_LIMITS.depth} levels` };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, message: `the moment file is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const read = readLinkJson(value);
  return read.ok ? { ok: true, value: read.link, notices: read.notices } : { ok: false, message: read.message };
}

/** A moment file's text as a link's fragment (`moment=1.…`). */
export async function linkFromMomentFile(text: string): Promise<MomentResult<string>> {
  const read = readMomentFile(text);
  if (!read.ok) return read;
  const { scenario, tree, moment } = read.value;
  const encoded = await encodeLink({ scenario, tree, moment });
  return encoded.ok ? { ok: true, value: encoded.link, notices: read.notices } : { ok: false, message: encoded.message };
}

/**
 * The state at a moment file's moment: its scenario validated, its commands checked, and the run
 * rebuilt exactly as the worker rebuilds it when the page opens the link (Travel.restore: the branch
 * shown run from the start with its commands at their event counts; a command the engine refuses
 * ends its branch there, said in a notice), so the numbers are the page's.
 */
export function momentSnapshot(link: MomentLink): MomentResult<{ scenario: Scenario; snapshot: Snapshot }> {
  const parsed = parseScenario(link.scenario);
  if (!parsed.ok) {
    return { ok: false, message: `its scenario is not valid: ${parsed.errors.map((e) => `${e.path || "(top level)"}: ${e.message}`).join("; ")}` };
  }
  const checked = checkTimeline({ tree: link.tree, at: link.moment });
  const travel = new Travel(parsed.scenario, HISTORY_LIMIT_WRITES);
  const notices = [...parsed.warnings.map(String), ...checked.notices, ...travel.restore(checked.tree, checked.at)];
  return { ok: true, value: { scenario: parsed.scenario, snapshot: travel.shown.sim.snapshot() }, notices };
}
