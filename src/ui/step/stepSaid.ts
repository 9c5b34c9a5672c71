/*
 * What the last Step did, as the worker said it ("stepped"): kept apart from the lab store, since
 * only the words beside Step read it. It holds the run's event count after the step, so the words
 * are shown only while the run stands at that event (Play, a seek or a new run moves it on).
 */
import { create } from "zustand";

export interface StepSaid {
  text: string;
  atUs: number;
  /** the run's events processed after this step */
  events: number;
}

export const stepSaidStore = create<{ said: StepSaid | null }>(() => ({ said: null }));

export function noteStepped(said: StepSaid): void {
  stepSaidStore.setState({ said });
}
