/*
 * What a person does to logical subscribers, from the Logical replication panel: per subscriber
 * (a group named "Subscriber NAME") crash or restart its server, ALTER SUBSCRIPTION … DISABLE /
 * ENABLE / SKIP / SET (disable_on_error), DROP SUBSCRIPTION and create it again; and a row write
 * (insert or delete of a key in a table) on the primary or on a subscriber, which the Client
 * panel cannot name. Every control is a native button, checkbox or field: keyboard reachable.
 * The commands are the scenario's own (formats.md, "subscription", "write").
 */
import { useState, type FormEvent } from "react";
import type { SubscriptionView } from "../../engine/views";
import { useCommand } from "../controls/hooks";

export function SubscriberActions({ s }: { s: SubscriptionView }) {
  const { send, error } = useCommand();
  const sub = (command: "disable" | "enable" | "skip" | "drop" | "recreate") => send({ op: "subscription", node: s.name, command });
  const dropped = s.state === "dropped";
  const stuck = s.failingLsn !== null && (s.state === "error" || s.state === "disabled");
  return (
    <div className="rl-logical__actions" role="group" aria-label={`Subscriber ${s.name}`}>
      <strong>{s.name}</strong>
      {s.up
        ? <button type="button" className="danger" onClick={() => send({ op: "crash", node: s.name, kind: "process" })}>Crash</button>
        : <button type="button" onClick={() => send({ op: "restart", node: s.name })}>Restart</button>}
      {!dropped && (s.enabled && s.state !== "disabled"
        ? <button type="button" disabled={!s.up} onClick={() => sub("disable")} title={`ALTER SUBSCRIPTION ${s.name} DISABLE`}>Disable</button>
        : <button type="button" disabled={!s.up} onClick={() => sub("enable")} title={`ALTER SUBSCRIPTION ${s.name} ENABLE`}>Enable</button>)}
      {!dropped && (
        <button type="button" disabled={!s.up || !stuck} onClick={() => sub("skip")}
          title={`ALTER SUBSCRIPTION ${s.name} SKIP (lsn = the failing transaction's finish LSN): passes over it; the rows stay different`}>
          Skip failing transaction
        </button>
      )}
      {!dropped && (
        <label className="rl-logical__check" title={`ALTER SUBSCRIPTION ${s.name} SET (disable_on_error = …)`}>
          <input type="checkbox" checked={s.disableOnError} disabled={!s.up}
            onChange={(e) => send({ op: "subscription", node: s.name, command: "set", disableOnError: e.target.checked })} />
          disable_on_error
        </label>
      )}
      {dropped
        ? <button type="button" disabled={!s.up} onClick={() => sub("recreate")}
          title="TRUNCATE the subscribed tables, then CREATE SUBSCRIPTION again: a new slot and a fresh copy">Re-create subscription</button>
        : <button type="button" className="danger" disabled={!s.up} onClick={() => sub("drop")}
          title={`DROP SUBSCRIPTION ${s.name}: the worker stops and its slot on the publisher is dropped`}>Drop subscription</button>}
      {error && <span className="error-text" role="alert">{error}</span>}
    </div>
  );
}

/** Insert or delete one row of a table, on the primary or on a subscriber (its own tables). */
export function RowWrite({ primary, subscribers, tables }: { primary: string | null; subscribers: string[]; tables: string[] }) {
  const [on, setOn] = useState("");
  const [table, setTable] = useState(tables[0] ?? "t");
  const [key, setKey] = useState("1");
  const [value, setValue] = useState("row 1");
  const { send, error } = useCommand();
  const write = (kind: "insert" | "delete") => (e?: FormEvent) => {
    e?.preventDefault();
    const base = { op: "write" as const, session: on === "" ? "client" : "analyst", table: table || "t", key: key || "1", kind };
    const where = on === "" ? {} : { node: on };
    send(kind === "delete" ? { ...base, ...where } : { ...base, ...where, value });
  };
  return (
    <form className="rl-logical__write" aria-label="Write a row" onSubmit={write("insert")}>
      <label className="field">On
        <select value={on} onChange={(e) => setOn(e.target.value)}>
          <option value="">{primary ?? "the primary"}</option>
          {subscribers.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="field">Table
        <input type="text" list="rl-logical-tables" value={table} maxLength={63} onChange={(e) => setTable(e.target.value)} />
      </label>
      <datalist id="rl-logical-tables">{tables.map((t) => <option key={t} value={t} />)}</datalist>
      <label className="field">Row key<input type="text" value={key} maxLength={100} onChange={(e) => setKey(e.target.value)} /></label>
      <label className="field">Row value<input type="text" value={value} maxLength={100} onChange={(e) => setValue(e.target.value)} /></label>
      <div className="row">
        <button type="submit">Insert</button>
        <button type="button" onClick={write("delete")}>Delete</button>
        {error && <span className="error-text" role="alert">{error}</span>}
      </div>
    </form>
  );
}
