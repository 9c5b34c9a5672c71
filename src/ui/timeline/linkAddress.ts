/*
 * The page address holds a link to what is on screen (`#moment=1.…`, src/timeline/link.ts): kept
 * up to date with history.replaceState at most once a second, so that copying the address from
 * the browser's bar shares the same moment as "Copy link". Opening the page with such an address
 * restores that moment; a link pasted into an open tab waits for a yes before it replaces the run.
 * A link is input from anyone: the codec checks it, the worker checks its commands again, and what
 * could not be restored is said in sentences (a LinkNotice), never thrown.
 */
import { decodeLink, encodeLink, linkPayload, type MomentLink } from "../../timeline/link";
import { cleanName, currentBranch, type BranchTree } from "../../timeline/branches";
import { labStore } from "../store";
import { onRestored, startDefault, startFromTimeline } from "../controls/lab";
import { timelineStore, type LinkNotice } from "./timelineStore";

/** the address is rewritten at most this often while the run moves */
export const ADDRESS_EVERY_MS = 1000;

/** The fragment (without '#') this page last wrote: a hashchange to it is our own. */
let written = "";
/** why the run on screen has no link (too long), for Copy link to say */
let encodeProblem: string | null = null;

export type CurrentLink = { ok: true; fragment: string } | { ok: false; message: string };

/** The link to what is on screen now. */
export async function currentLink(): Promise<CurrentLink> {
  const scenario = labStore.getState().scenario;
  const { tree, travel } = timelineStore.getState();
  if (!scenario || !tree || !travel) return { ok: false, message: "the run has not started yet" };
  // The branches message comes when the tree changes; the current branch's end moves with every snapshot.
  const branch = currentBranch(tree);
  const fresh: BranchTree = { ...tree, branches: tree.branches.map((b) => (b.id === branch.id ? { ...b, end: travel.end } : b)) };
  const encoded = await encodeLink({ scenario, tree: fresh, moment: travel.at });
  return encoded.ok ? { ok: true, fragment: encoded.link } : { ok: false, message: encoded.message };
}

/** Keep the address in step with the screen, from now on. */
export function startAddressSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  let seq = 0;
  const write = async () => {
    timer = null;
    last = performance.now();
    const mine = ++seq;
    const link = await currentLink();
    // A later write (or a link being opened) has taken over meanwhile.
    if (mine !== seq || timelineStore.getState().pendingLink) return;
    encodeProblem = link.ok ? null : link.message;
    const fragment = link.ok ? link.fragment : "";
    if (fragment === written) return;
    written = fragment;
    history.replaceState(history.state, "", `${location.pathname}${location.search}${fragment ? `#${fragment}` : ""}`);
  };
  const schedule = () => {
    if (timer !== null) return;
    timer = setTimeout(() => void write(), Math.max(0, last + ADDRESS_EVERY_MS - performance.now()));
  };
  const offTimeline = timelineStore.subscribe((s, prev) => {
    if (s.travel !== prev.travel || s.tree !== prev.tree) schedule();
  });
  const offLab = labStore.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario) schedule();
  });
  const onHash = () => void hashChanged();
  window.addEventListener("hashchange", onHash);
  return () => {
    offTimeline();
    offLab();
    window.removeEventListener("hashchange", onHash);
    if (timer !== null) clearTimeout(timer);
  };
}

export function linkProblem(): string | null {
  return encodeProblem;
}

/** The address's fragment without '#'. */
function fragmentNow(): string {
  return location.hash.startsWith("#") ? location.hash.slice(1) : location.hash;
}

/** Put back the link to what is on screen (a pasted link was refused or declined). */
function restoreAddress(): void {
  history.replaceState(history.state, "", `${location.pathname}${location.search}${written ? `#${written}` : ""}`);
}

/** A new fragment in the address of an open page: a pasted link asks before it replaces the run. */
async function hashChanged(): Promise<void> {
  const fragment = fragmentNow();
  if (fragment === written || linkPayload(`#${fragment}`) === null) return;
  const decoded = await decodeLink(fragment);
  if (!decoded.ok) {
    timelineStore.setState({ linkNotice: { kind: "error", title: "The link in the address was not opened", lines: [decoded.message, "Your run goes on as it was."] } });
    restoreAddress();
    return;
  }
  timelineStore.setState({ pendingLink: { fragment, summary: describe(decoded.link) } });
}

/** The answer to a pending link: open it (the run on screen is replaced) or keep the run. */
export async function answerPendingLink(open: boolean): Promise<void> {
  const pending = timelineStore.getState().pendingLink;
  timelineStore.setState({ pendingLink: null });
  if (!pending) return;
  if (!open) {
    restoreAddress();
    return;
  }
  await openLink(pending.fragment);
}

/** At start: open the address's link if it holds one. False when there is none (start as usual). */
export async function openLinkAtStart(): Promise<boolean> {
  const fragment = fragmentNow();
  // A lesson's address (?lesson=) starts the lesson's own run: the moment beside it (the address
  // the lesson's run was written into) would only replace it.
  if (linkPayload(`#${fragment}`) === null || new URLSearchParams(location.search.slice(0, 2000)).has("lesson")) return false;
  const opened = await openLink(fragment);
  if (!opened) startDefault();
  return true;
}

/** Decode a link and start its run; false (with a notice saying why) when nothing could be used. */
async function openLink(fragment: string): Promise<boolean> {
  const decoded = await decodeLink(fragment);
  if (!decoded.ok) {
    const running = labStore.getState().scenario !== null;
    setNotice({ kind: "error", title: "The link could not be opened", lines: [decoded.message,
      running ? "Your run goes on as it was." : "The built-in scenario runs instead."] });
    if (running) restoreAddress();
    return false;
  }
  const { link, notices } = decoded;
  written = fragment;
  const opened = `Opened a link: ${describe(link)}.`;
  setNotice({ kind: notices.length > 0 ? "warn" : "ok", title: opened, lines: notices });
  // The worker checks every command again and says what it could not restore: added to the notice.
  onRestored((more) => {
    onRestored(null);
    const now = timelineStore.getState().linkNotice;
    if (more.length > 0 && now) setNotice({ ...now, kind: "warn", lines: [...now.lines, ...more] });
    return true;
  });
  startFromTimeline(link.scenario, { tree: link.tree, at: link.moment });
  return true;
}

function setNotice(notice: LinkNotice): void {
  timelineStore.setState({ linkNotice: notice });
}

/** "scenario "x", 3 branches, branch "main" at t = 1.204 s" — names are shown as text. */
function describe(link: MomentLink): string {
  const raw: unknown = (link.scenario as { name?: unknown }).name;
  const name = typeof raw === "string" ? cleanName(raw.slice(0, 200)) || "unnamed" : "unnamed";
  const branch = link.tree.branches.find((b) => b.id === link.tree.current);
  const count = link.tree.branches.length;
  return `scenario “${name}”, ${count} branch${count === 1 ? "" : "es"}, branch “${branch?.name ?? "?"}” at t = ${(link.moment.atUs / 1e6).toFixed(3)} s`;
}
