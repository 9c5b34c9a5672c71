/*
 * Routing parameters. Each policy but "primary" and "replicas" has one (the engine supplies a
 * documented default when it is absent, see src/engine/clients/routing.ts). A parameter the
 * chosen policy does not use is worth a warning: it usually means the policy is not the one
 * the author meant.
 */
import type { RoutingPolicy } from "./schema";
import { warn, type Findings } from "./findings";
import { joinPath } from "./paths";

type RoutingParam = "maxLagMs" | "pinWindowMs" | "maxWaitMs" | "breakerQueueMs";

export const POLICY_PARAMS: Record<RoutingPolicy, readonly RoutingParam[]> = {
  "primary": [],
  "replicas": [],
  "lag-aware": ["maxLagMs"],
  "read-your-writes": ["pinWindowMs", "breakerQueueMs"],
  "causal": ["maxWaitMs"],
};
const ALL_PARAMS: readonly RoutingParam[] = ["maxLagMs", "pinWindowMs", "maxWaitMs", "breakerQueueMs"];

type Routed = Partial<Record<RoutingParam, number | undefined>>;

function policiesUsing(param: RoutingParam): string {
  return Object.entries(POLICY_PARAMS).filter(([, params]) => params.includes(param)).map(([p]) => `"${p}"`).join(" or ");
}

/** Warns about parameters `policy` ignores; `where` is the object's path, `field` the policy's key. */
export function checkRoutingParams(policy: RoutingPolicy, target: Routed, where: string, field: string, out: Findings): void {
  for (const param of ALL_PARAMS) {
    if (!POLICY_PARAMS[policy].includes(param) && target[param] !== undefined) {
      warn(out, joinPath(where, param), `ignored: only the ${policiesUsing(param)} policy uses it, and ${field} is "${policy}"`);
    }
  }
}
