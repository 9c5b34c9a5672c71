/*
 * The page: run controls on top, the controls for the client, commit mode, nodes, failover, links
 * and workload in the left sidebar; the cluster view large in the middle with the WAL lanes under
 * it, the tables and charts at its side (below it on a laptop screen).
 */
import { ClusterView, EventLog, GlossaryPanel, LagChart, LatencyHistogram, LostWrites, ReplicationTable, TermTooltip, TotalsBar, WalLanes } from "./views";
import { LogicalPanel } from "./logical/LogicalPanel";
import { MultiPrimaryPanel } from "./multiprimary/MultiPrimaryPanel";
import { MpControls } from "./multiprimary/MpControls";
import { MpPicture } from "./multiprimary/MpPicture";
import { MpChannels } from "./multiprimary/MpChannels";
import { MpTotals } from "./multiprimary/MpTotals";
import { useIsMultiPrimary } from "./multiprimary/useMp";
import { TopBar } from "./controls/TopBar";
import { ClientPanel } from "./controls/ClientPanel";
import { CommitPanel } from "./controls/CommitPanel";
import { NodeCards } from "./controls/NodeCards";
import { FailoverPanel } from "./controls/FailoverPanel";
import { LinksPanel } from "./controls/LinksPanel";
import { WorkloadPanel } from "./controls/WorkloadPanel";
import { FailureBanner, HistoryFullNotice, ScenarioProblems, Toasts } from "./controls/Notices";
import { LessonsBar } from "./lessons/LessonsBar";
import { LessonPanel } from "./lessons/LessonPanel";
import { useLessons } from "./lessons/lessonStore";
import { Overlays, StoryNote } from "./welcome/Welcome";
import { TimelineBar } from "./timeline/TimelineBar";
import { LinkNotices, PastNotice } from "./timeline/TimelineNotices";
import "./timeline/timeline.css";
import { SpaceTimePanel } from "./spacetime/SpaceTimePanel";
import { ComparePanel } from "./compare/ComparePanel";
import { StepSaid } from "./step/StepSaid";
import { SweepPanel } from "./sweep/SweepPanel";

export function App() {
  const inLesson = useLessons((s) => s.lesson !== null);
  // A multi-primary run has no one primary: the physical panels give way to its own (src/ui/multiprimary).
  const multi = useIsMultiPrimary();
  return (
    <div className={inLesson ? "app with-lesson" : "app"}>
      <a className="skip-link" href="#main">Skip to the simulation</a>
      <header className="topbar">
        <TopBar />
        {/* Before the Timeline: the lessons' buttons share a row with the run's, so the top bar
            wraps to three rows, not four, at 1024 px (the picture keeps its tapes there). */}
        <LessonsBar />
        <TimelineBar />
      </header>
      <aside className="sidebar" aria-label="Controls">
        {multi ? <MpControls /> : (
          <>
            <ClientPanel />
            <CommitPanel />
            <NodeCards />
            <FailoverPanel />
            <LinksPanel />
            <WorkloadPanel />
          </>
        )}
      </aside>
      <main className="main" id="main">
        <div className="area-notices">
          <PastNotice />
          <LinkNotices />
          <FailureBanner />
          <HistoryFullNotice />
          <ScenarioProblems />
          <StoryNote />
        </div>
        {multi ? (
          <>
            <div className="area-totals"><div className="rl-totals-step"><StepSaid /><MpTotals /></div></div>
            <div className="area-cluster"><MpPicture /></div>
            <div className="area-lanes"><MpChannels /></div>
            <div className="area-side"><MultiPrimaryPanel /></div>
            <div className="area-below"><EventLog /></div>
          </>
        ) : (
          <>
            <div className="area-totals"><div className="rl-totals-step"><StepSaid /><TotalsBar /></div><LostWrites /></div>
            <div className="area-cluster"><ClusterView /></div>
            <div className="area-lanes"><WalLanes /></div>
            <div className="area-side">
              <ReplicationTable />
              {/* In the side column, not above the picture: a run with subscribers keeps its picture in place. */}
              <LogicalPanel />
              <LagChart />
            </div>
            <div className="area-below">
              <LatencyHistogram />
              <EventLog />
            </div>
          </>
        )}
        <div className="area-glossary"><GlossaryPanel /></div>
      </main>
      <SpaceTimePanel />
      <ComparePanel />
      <SweepPanel />
      <LessonPanel />
      <Overlays />
      <Toasts />
      <TermTooltip />
    </div>
  );
}
