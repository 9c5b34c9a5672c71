/*
 * What the Steps did, as the worker said it ("stepped"): kept apart from the lab store, since
 * only the words beside Step and the event log read them. Each holds the run's event count after
 * the step, so the line above the totals shows only while the run stands at that event (Play, a
 * seek or a new run moves it on), and the event log lists the steps taken up to the moment shown.
 */
import { create } from "zustand";

export interface StepSaid {
  text: string;
  atUs: number;
  /** the run's events processed after this step */
  events: number;
}

/** Steps the event log keeps (a class steps a few dozen events at a time). */
const KEPT = 100;

export const stepSaidStore = create<{ said: StepSaid | null; steps: readonly StepSaid[] }>(() => ({ said: null, steps: [] }));

export function noteStepped(said: StepSaid): void {
  stepSaidStore.setState((s) => ({ said, steps: [...s.steps.slice(-(KEPT - 1)), said] }));
}

/** A new run: its steps start afresh. */
export function forgetSteps(): void {
  stepSaidStore.setState({ said: null, steps: [] });
}
