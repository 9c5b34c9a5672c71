/*
 * From a moment (virtual µs) to a place on the Timeline slider, which counts events. The page
 * has no map from one to the other, so it keeps one: every snapshot's travel state names exact
 * moments of the current branch (the one shown and the live end: events processed by then, and
 * its time). Between two such samples the event count is interpolated (a snapshot apart: at speed
 * 1 about a frame of virtual time). A branch switch or a new run (a sample that breaks the order)
 * starts the map again; a long run's map is thinned to every other sample past MAX_SAMPLES. Pure
 * data in, numbers out: the Timeline bar draws the selected moment's mark from it.
 */

export interface Moment { events: number; atUs: number }

const MAX_SAMPLES = 20_000;

export class EventClock {
  private branch: number | null = null;
  /** ascending in atUs and in events alike */
  private samples: Moment[] = [];

  /** A travel state's exact moments (`branch` is its branch). */
  note(branch: number, moments: readonly Moment[]): void {
    if (branch !== this.branch) {
      this.branch = branch;
      this.samples = [];
    }
    for (const m of moments) this.add(m);
  }

  private add(m: Moment): void {
    const s = this.samples;
    const i = this.firstAfter(m.atUs);
    const before = s[i - 1], after = s[i];
    if (before && before.atUs === m.atUs && before.events === m.events) return;
    // the same branch's moments are ordered alike in time and in events: one that is not is of a new run
    if ((before && before.events > m.events) || (after && after.events < m.events)) {
      this.samples = [m];
      return;
    }
    s.splice(i, 0, m);
    if (s.length > MAX_SAMPLES) this.samples = s.filter((_, k) => k % 2 === 0 || k === s.length - 1);
  }

  /** index of the first sample later than atUs */
  private firstAfter(atUs: number): number {
    let lo = 0, hi = this.samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.samples[mid]!.atUs <= atUs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The event count at `atUs` (interpolated between the samples around it), or null before the first and after the last. */
  eventsAt(atUs: number): number | null {
    const i = this.firstAfter(atUs);
    const before = this.samples[i - 1], after = this.samples[i];
    if (!before) return null;
    if (before.atUs === atUs || !after) return before.atUs === atUs ? before.events : null;
    const f = (atUs - before.atUs) / (after.atUs - before.atUs);
    return Math.floor(before.events + f * (after.events - before.events));
  }

  get size(): number {
    return this.samples.length;
  }
}
