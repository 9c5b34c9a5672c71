/*
 * A command in a few words, for the Branches panel's "what was done differently". Names, keys and
 * values are user text: returned as plain strings for React to render as text, cut short.
 */
import type { Command } from "../../engine/views";
import type { LoggedCommand } from "../../timeline/moment";

const cut = (text: unknown, max = 24): string => {
  const s = typeof text === "string" ? text : JSON.stringify(text) ?? "";
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** The fields a command sets, as "name value" pairs ("delay 200 ms" is beyond this: keys as the file has them). */
function fields(obj: object): string {
  return Object.entries(obj).filter(([k, v]) => k !== "op" && k !== "node" && v !== undefined)
    .map(([k, v]) => `${k} ${cut(v, 16)}`).join(", ");
}

export function commandText(cmd: Command): string {
  switch (cmd.op) {
    case "write": return `write ${cmd.key === undefined ? "(generated key)" : cut(cmd.key)} = ${cut(cmd.value)}`;
    case "read": return `read ${cut(cmd.key)}`;
    case "crash": return `crash ${cut(cmd.node)} (${cmd.kind})`;
    case "partition": return `cut link ${cut(cmd.between[0])} – ${cut(cmd.between[1])}`;
    case "heal": return `heal link ${cut(cmd.between[0])} – ${cut(cmd.between[1])}`;
    case "configure": return cmd.preset ? `commit mode ${cmd.preset}` : `configure ${fields(cmd)}`;
    case "set": return `set ${cut(cmd.node)}: ${fields(cmd)}`;
    case "add-replica": return `add replica ${cut(cmd.replica.name)}`;
    case "workload": return `workload: ${fields(cmd.workload)}`;
    case "set-failover": return `failover: ${fields(cmd)}`;
    case "set-link": return `link ${cut(cmd.between[0])} – ${cut(cmd.between[1])}: ${cmd.delayMs} ms`;
    case "checkpoint": return "checkpoint";
    case "cancel": return "cancel waiting commits";
    // restart, promote, rewind, reclone, remove-replica: an op on a node
    default: return `${cmd.op} ${cut(cmd.node)}`;
  }
}

export const secondsText = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

/** "crash primary (process) at 1.204 s; write x = 1 at 1.500 s; and 3 more" */
export function commandsText(log: readonly LoggedCommand[], max = 3): string {
  if (log.length === 0) return "nothing yet";
  const shown = log.slice(0, max).map((e) => `${commandText(e.cmd)} at ${secondsText(e.atUs)}`);
  return shown.join("; ") + (log.length > max ? `; and ${log.length - max} more` : "");
}
