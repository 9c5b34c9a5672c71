/*
 * The compare worker: a second worker, so the page's run goes on while two settings are run side
 * by side. It gets the run's scenario, its commands with their times, a variant and an end time;
 * it answers with both sides (traces, summaries) and the first difference. Checked first: the
 * scenario as a scenario file, each command as a command, the variant's shape.
 */
/// <reference lib="webworker" />
import "../zodConfig";
import { parseScenario } from "../engine/scenario/validate";
import { applyVariant } from "../compare/variant";
import type { Variant } from "../compare/variantText";
import { runSideBySide, type TimedCommand } from "../compare/lockstep";
import { deltaBuffers } from "../spacetime/feed";
import { checkCommand } from "./validateCommand";
import type { CompareRequest, CompareResponse } from "./compareProtocol";
import { checkCompareRequest } from "./compareProtocol";

declare const self: DedicatedWorkerGlobalScope;

function answer(msg: CompareResponse, transfer: Transferable[] = []): void { self.postMessage(msg, transfer); }

self.onmessage = (event: MessageEvent<unknown>) => {
  const checked = checkCompareRequest(event.data);
  if (!checked.ok) return answer({ type: "compare-failed", id: -1, message: checked.message });
  const req: CompareRequest = checked.req;
  try {
    const parsed = parseScenario(req.scenario);
    if (!parsed.ok) return answer({ type: "compare-failed", id: req.id, message: `the scenario is not valid: ${parsed.errors[0]?.message ?? ""}` });
    const commands: TimedCommand[] = [];
    for (const c of req.commands) {
      const cmd = checkCommand(c.cmd);
      if (!cmd.ok) return answer({ type: "compare-failed", id: req.id, message: `a command is not valid: ${cmd.message}` });
      commands.push({ atUs: c.atUs, cmd: cmd.cmd });
    }
    const b = applyVariant(parsed.scenario, req.variant as Variant);
    if (!b.ok) return answer({ type: "compare-failed", id: req.id, message: b.message });
    const result = runSideBySide(parsed.scenario, b.scenario, commands, req.untilUs);
    answer({ type: "compared", id: req.id, result }, [...deltaBuffers(result.a.trace), ...deltaBuffers(result.b.trace)]);
  } catch (err) {
    answer({ type: "compare-failed", id: req.id, message: err instanceof Error ? err.message : String(err) });
  }
};
