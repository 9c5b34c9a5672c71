/*
 * Each routing policy but "primary" and "replicas" needs one parameter. There is no silent
 * default for them: a bound on lag or a pin window is the point of choosing the policy, so
 * the file must say it.
 */
import type { RoutingPolicy } from "./schema";
import { fail, warn, type Findings } from "./findings";
import { joinPath } from "./paths";

type RoutingParam = "maxLagMs" | "pinWindowMs" | "maxWaitMs";
const PARAMS: readonly RoutingParam[] = ["maxLagMs", "pinWindowMs", "maxWaitMs"];

export const POLICY_PARAM: Record<RoutingPolicy, RoutingParam | null> = {
  "primary": null,
  "replicas": null,
  "lag-aware": "maxLagMs",
  "read-your-writes": "pinWindowMs",
  "causal": "maxWaitMs",
};

const PARAM_MEANING: Record<RoutingParam, string> = {
  maxLagMs: "the largest replay lag a replica may have and still serve reads",
  pinWindowMs: "how long after a write the session reads from the primary",
  maxWaitMs: "how long a read waits for a replica to replay the session's last commit",
};

type Routed = Partial<Record<RoutingParam, number | undefined>>;

/** Checks that `policy`'s parameter is set; `where` is the object path, `field` the policy's key. */
export function checkRoutingParams(policy: RoutingPolicy, target: Routed, where: string, field: string,
  out: Findings, options: { warnUnused: boolean }): void {
  const needed = POLICY_PARAM[policy];
  if (needed !== null && target[needed] === undefined) {
    fail(out, joinPath(where, needed),
      `missing; ${field} "${policy}" needs ${needed} (${PARAM_MEANING[needed]}), a number of milliseconds ≥ 0`);
  }
  if (!options.warnUnused) return;
  for (const param of PARAMS) {
    if (param !== needed && target[param] !== undefined) {
      const user = Object.entries(POLICY_PARAM).find(([, p]) => p === param)?.[0];
      warn(out, joinPath(where, param), `ignored: only the "${user}" policy uses it, and ${field} is "${policy}"`);
    }
  }
}
