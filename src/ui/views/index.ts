/*
 * The visual panels. Each takes no props and reads the lab store; the App decides where they go.
 * Importing this module brings in the views' stylesheet.
 */
import "./views.css";

export { ClusterView } from "./ClusterView";
export { WalLanes } from "./WalLanes";
export { ReplicationTable } from "./ReplicationTable";
export { LatencyHistogram } from "./LatencyHistogram";
export { LagChart } from "./LagChart";
export { EventLog } from "./EventLog";
export { TotalsBar } from "./TotalsBar";
export { GlossaryPanel, Term, TermTooltip } from "./glossary";
export { LostWrites } from "./LostWrites";
export { BlockagePanel } from "./BlockagePanel";
