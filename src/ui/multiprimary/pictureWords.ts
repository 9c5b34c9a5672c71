/*
 * What the multi-primary picture shows, in words: the lines under the figure and its label for a
 * screen reader. Pure, so that it is tested without a page.
 */
import type { MultiPrimaryView } from "../../engine/multiprimary";

export interface PictureWords {
  mode: string;
  lines: { text: string; bad: boolean }[];
  /** everything, for the figure's accessible name */
  all: string[];
}

const MODE = {
  circular: "circular: each node applies the others' binary logs (MySQL/MariaDB)",
  lww: "last writer wins: the latest commit timestamp keeps the row",
  certification: "certification: a majority orders and certifies every commit",
} as const;

export const majorityOf = (n: number) => Math.floor(n / 2) + 1;

export function mpPictureWords(mp: MultiPrimaryView): PictureWords {
  const lines: PictureWords["lines"] = [];
  if (mp.mode === "certification") {
    const need = majorityOf(mp.nodes.length);
    const inside = mp.nodes.filter((n) => n.inQuorum).map((n) => n.name);
    const outside = mp.nodes.filter((n) => !n.inQuorum).map((n) => n.name);
    lines.push({ text: `A commit needs a majority of the group: ${need} of ${mp.nodes.length}, itself included.`, bad: false });
    lines.push({ text: inside.length > 0 ? `In the majority: ${inside.join(", ")}.` : "No majority anywhere: no node takes writes.", bad: inside.length === 0 });
    if (outside.length > 0) lines.push({ text: `Outside it: ${outside.join(", ")} (refuses writes: ERROR 1047).`, bad: true });
  } else {
    const stopped = mp.channels.filter((c) => c.state === "stopped");
    const off = mp.channels.filter((c) => c.state === "running" && !c.connected);
    lines.push({ text: "Each arrow is a replication channel: the node it points at applies the other's changes.", bad: false });
    for (const c of stopped) lines.push({ text: `${c.node}'s channel from ${c.source} stopped: error ${c.lastErrno}.`, bad: true });
    for (const c of off) lines.push({ text: `${c.node}'s channel from ${c.source} is disconnected: changes wait.`, bad: false });
    if (stopped.length === 0 && off.length === 0) lines.push({ text: "Every channel runs.", bad: false });
  }
  const cut = mp.links.filter((l) => l.cut).map((l) => `${l.between[0]} – ${l.between[1]}`);
  if (cut.length > 0) lines.push({ text: `Cut: ${cut.join(", ")}.`, bad: true });
  const down = mp.nodes.filter((n) => n.state === "down").map((n) => n.name);
  if (down.length > 0) lines.push({ text: `Down: ${down.join(", ")}.`, bad: true });
  const nodes = mp.nodes.map((n) => `${n.name} ${n.state}`).join(", ");
  return { mode: MODE[mp.mode], lines, all: [`Primaries: ${nodes}.`, ...lines.map((l) => l.text)] };
}
