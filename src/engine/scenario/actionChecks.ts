/*
 * What an action must satisfy on its own, whatever the scenario around it: the rules a scenario
 * file's actions and the page's commands share (validate.ts and the worker's checkCommand), so a
 * command the page applies always turns back into an action a file may hold ("Copy scenario").
 */
import { actionSchema, workloadPatchSchema, type Action } from "./schema";
import { fail, type Findings } from "./findings";
import { joinPath } from "./paths";

/** What a set action may change: every field of its schema but the action's own. */
export const SET_FIELDS: readonly string[] = (() => {
  const variant = actionSchema.options.find((option) => option.shape.op.value === "set");
  return Object.keys(variant?.shape ?? {}).filter((key) => !["atMs", "op", "node"].includes(key));
})();

const WORKLOAD_FIELDS: readonly string[] = Object.keys(workloadPatchSchema.shape);

const named = (obj: object, fields: readonly string[]) =>
  fields.some((field) => (obj as Record<string, unknown>)[field] !== undefined);

export function checkActionAlone(action: Action, path: string, out: Findings): void {
  switch (action.op) {
    case "set":
      if (!named(action, SET_FIELDS)) fail(out, path, `a set action changes at least one of ${SET_FIELDS.join(", ")}; this one names none`);
      return;
    case "configure":
      if (action.preset === undefined && action.postgres === undefined && action.semiSync === undefined) {
        fail(out, path, "a configure action changes at least one of preset, postgres, semiSync; this one names none");
      }
      return;
    case "workload":
      if (!named(action.workload, WORKLOAD_FIELDS)) {
        fail(out, joinPath(path, "workload"), `a workload action changes at least one of ${WORKLOAD_FIELDS.join(", ")}; this one names none`);
      }
      return;
    case "write":
      if (action.value === undefined && action.kind !== "delete") {
        fail(out, joinPath(path, "value"), "a write needs a value (only a delete may omit it)");
      }
      return;
    default:
      return;
  }
}
