/*
 * The workload generator: writes/s, reads/s, sessions and where reads go. The snapshot does not
 * carry the workload, so the form shows the scenario's workload changed by the commands applied.
 */
import { useState, type FormEvent } from "react";
import type { RoutingPolicy, Workload } from "../../engine/scenario/schema";
import { currentWorkload } from "../../worker/scenarioFile";
import { useCommand, useDerived, useDraft } from "./hooks";

const ROUTING: { value: RoutingPolicy; label: string }[] = [
  { value: "primary", label: "primary" },
  { value: "replicas", label: "replicas (round-robin)" },
  { value: "lag-aware", label: "lag-aware" },
  { value: "read-your-writes", label: "read-your-writes" },
  { value: "causal", label: "causal" },
];

/** The routing parameter each policy takes, under the workload's field name. */
const PARAM: Partial<Record<RoutingPolicy, { field: "maxLagMs" | "pinWindowMs" | "maxWaitMs"; label: string; fallback: number }>> = {
  "lag-aware": { field: "maxLagMs", label: "Max lag (ms)", fallback: 100 },
  "read-your-writes": { field: "pinWindowMs", label: "Pin window (ms)", fallback: 2000 },
  causal: { field: "maxWaitMs", label: "Max wait (ms)", fallback: 500 },
};

type Shown = Pick<Workload, "writesPerSec" | "readsPerSec" | "sessions" | "readFrom" | "maxLagMs" | "pinWindowMs" | "maxWaitMs">;

export function WorkloadPanel() {
  const workload = useDerived((s): Shown | null => {
    if (!s.scenario) return null;
    const last = s.commands[s.commands.length - 1];
    const w = currentWorkload(s.scenario, s.commands, Math.max(s.snapshot?.nowUs ?? 0, last?.atUs ?? 0));
    return { writesPerSec: w.writesPerSec, readsPerSec: w.readsPerSec, sessions: w.sessions, readFrom: w.readFrom,
      maxLagMs: w.maxLagMs, pinWindowMs: w.pinWindowMs, maxWaitMs: w.maxWaitMs };
  });
  if (!workload) return null;
  return <WorkloadForm workload={workload} />;
}

function WorkloadForm({ workload }: { workload: Shown }) {
  const { send, error } = useCommand();
  const [writes, setWrites] = useDraft(workload.writesPerSec);
  const [reads, setReads] = useDraft(workload.readsPerSec);
  const [sessions, setSessions] = useDraft(workload.sessions);
  const [routing, setRouting] = useDraft(workload.readFrom);
  const param = PARAM[routing];
  const [paramValue, setParamValue] = useDraft(param ? (workload[param.field] ?? param.fallback) : 0);
  const [invalid, setInvalid] = useState(false);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const ok = [writes, reads, sessions, paramValue].every((v) => Number.isFinite(v) && v >= 0) && sessions >= 1;
    setInvalid(!ok);
    if (!ok) return;
    send({ op: "workload", workload: {
      writesPerSec: writes, readsPerSec: reads, sessions: Math.round(sessions), readFrom: routing,
      ...(param ? { [param.field]: paramValue } : {}),
    } });
  };
  const stop = () => send({ op: "workload", workload: { writesPerSec: 0, readsPerSec: 0 } });
  const running = workload.writesPerSec > 0 || workload.readsPerSec > 0;

  return (
    <section className="panel stack" aria-labelledby="workload-heading">
      <h2 id="workload-heading">Workload</h2>
      <form className="stack" onSubmit={apply}>
        <div className="fields">
          <Num label="Writes/s" value={writes} onChange={setWrites} />
          <Num label="Reads/s" value={reads} onChange={setReads} />
          <Num label="Sessions" value={sessions} onChange={setSessions} min={1} />
        </div>
        <div className="fields two">
          <label className="field field--wide">
            Reads go to
            <select value={routing} onChange={(e) => setRouting(e.target.value as RoutingPolicy)}>
              {ROUTING.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
          </label>
          {param && <Num label={param.label} value={paramValue} onChange={setParamValue} />}
        </div>
        {(invalid || error) && <p className="error-text" role="alert">{invalid ? "Use numbers of 0 or more (sessions at least 1)." : error}</p>}
        <div className="row">
          <button type="submit">Apply workload</button>
          <button type="button" onClick={stop} disabled={!running}>Stop workload</button>
          <span className="muted small">{running ? `running: ${workload.writesPerSec} w/s, ${workload.readsPerSec} r/s` : "idle"}</span>
        </div>
      </form>
    </section>
  );
}

function Num({ label, value, onChange, min = 0 }: { label: string; value: number; onChange: (v: number) => void; min?: number }) {
  return (
    <label className="field">
      {label}
      <input type="number" min={min} value={Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))} />
    </label>
  );
}
