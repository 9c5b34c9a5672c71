/*
 * A node's visible data: for each key id, the id of the write whose value it shows (-1: none),
 * with that write's commit LSN and timeline beside it. Key ids are dense, so growable typed
 * arrays beat a Map several times over on the hot path (every replayed record sets one), and
 * keeping the version's position here spares a commit a look into the (large, cold) write table.
 */
export class KvStore {
  private ids = new Int32Array(64).fill(-1);
  private lsns = new Float64Array(64);
  private timelines = new Int32Array(64);

  get(key: number): number {
    return key < this.ids.length ? this.ids[key]! : -1;
  }

  /** commit LSN of the version shown for key; only when get(key) ≥ 0 */
  lsnOf(key: number): number {
    return this.lsns[key]!;
  }

  /** timeline of the version shown for key; only when get(key) ≥ 0 */
  timelineOf(key: number): number {
    return this.timelines[key]!;
  }

  set(key: number, writeId: number, lsn: number, timeline: number): void {
    if (key >= this.ids.length) this.grow(key);
    this.ids[key] = writeId;
    this.lsns[key] = lsn;
    this.timelines[key] = timeline;
  }

  private grow(key: number): void {
    const n = Math.max(key + 1, this.ids.length * 2);
    const ids = new Int32Array(n).fill(-1); ids.set(this.ids); this.ids = ids;
    const lsns = new Float64Array(n); lsns.set(this.lsns); this.lsns = lsns;
    const tls = new Int32Array(n); tls.set(this.timelines); this.timelines = tls;
  }
}
