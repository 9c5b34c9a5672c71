/*
 * A sidebar panel whose controls send commands to the worker: the section, its heading (id
 * `<id>-heading`, which lesson steps point at) and the error of the last command it sent, shown
 * once above its controls. The controls get `send`.
 */
import type { ReactNode } from "react";
import type { CommandInput } from "../../worker/protocol";
import { useCommand } from "./hooks";

export function CommandPanel({ title, id, children }: { title: string; id: string; children: (send: (cmd: CommandInput) => void) => ReactNode }) {
  const { send, error } = useCommand();
  return (
    <section className="panel stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {error && <p className="error-text" role="alert">{error}</p>}
      {children(send)}
    </section>
  );
}
