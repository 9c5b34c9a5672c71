/*
 * A write on one primary of a multi-primary run: the node it is made on, the row, its kind (the
 * sidebar's Client panel in a multi-primary run, in place of the physical one). "insert, key
 * generated" leaves the key out: the node generates it (AUTO_INCREMENT, by its increment and
 * offset in Primaries), and the last write's line says which key it got.
 * An error (a duplicate key, a node down, no quorum) comes back as the command's failure.
 */
import { useState, type FormEvent } from "react";
import type { MpRecentWrite } from "../../engine/multiprimary/views";
import { useCommand } from "../controls/hooks";

/** what the Kind list offers; "auto" is an insert whose key the node generates */
const KINDS = [["upsert", "upsert"], ["insert", "insert"], ["auto", "auto-numbered"], ["update", "update"], ["delete", "delete"]] as const;
type Kind = (typeof KINDS)[number][0];

export function MpWriteForm({ nodes, last }: { nodes: readonly string[]; last: MpRecentWrite | null }) {
  const [node, setNode] = useState(nodes[0] ?? "");
  const [key, setKey] = useState("x");
  const [value, setValue] = useState("1");
  const [kind, setKind] = useState<Kind>("upsert");
  const write = useCommand();
  const target = nodes.includes(node) ? node : nodes[0] ?? "";
  const generated = kind === "auto";

  const onWrite = (e: FormEvent) => {
    e.preventDefault();
    const session = `client-${target}`;
    write.send(generated ? { op: "write", session, node: target, kind: "insert", value }
      : { op: "write", session, node: target, key: key || "x", kind, ...(kind === "delete" ? {} : { value }) });
    if (/^\d+$/.test(value)) setValue(String(Number(value) + 1));
  };

  return (
    <form className="stack rl-mp__write" onSubmit={onWrite} aria-label="Write on a primary">
      <div className="fields two">
        <label className="field">On<select value={target} onChange={(e) => setNode(e.target.value)}>
          {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
        <label className="field">Kind<select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map(([k, words]) => <option key={k} value={k}>{words}</option>)}
        </select></label>
        <label className="field">Key<input type="text" value={generated ? "" : key} disabled={generated}
          placeholder={generated ? "generated" : undefined} onChange={(e) => setKey(e.target.value)} /></label>
        <label className="field">Value<input type="text" value={value} disabled={kind === "delete"} onChange={(e) => setValue(e.target.value)} /></label>
      </div>
      <div className="row">
        <button type="submit" className="primary">Write on {target}</button>
        {write.error && <span className="error-text" role="alert">{write.error}</span>}
      </div>
      {last && <LastWrite w={last} />}
    </form>
  );
}

function LastWrite({ w }: { w: MpRecentWrite }) {
  const key = !w.generated ? w.key : w.key !== "" ? `${w.key} (key generated)` : w.status === "pending" ? "(key generated at its commit)" : "(no key generated)";
  const what = `${w.kind} ${key}${w.kind === "delete" ? "" : ` = ${w.value ?? ""}`} on ${w.node}`;
  if (w.status === "failed") return <p className="error-text" data-testid="mp-last-write">Last write: {what}: {w.error}</p>;
  return <p data-testid="mp-last-write">Last write: {what}: {w.status === "ok" ? "committed" : "waiting for its commit"}</p>;
}
