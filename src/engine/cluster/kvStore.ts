/*
 * A node's visible data: for each key id, the id of the write whose value it shows (-1: none).
 * Key ids are dense, so a growable Int32Array beats a Map several times over on the hot path
 * (every replayed record sets one).
 */
export class KvStore {
  private ids = new Int32Array(64).fill(-1);

  get(key: number): number {
    return key < this.ids.length ? this.ids[key]! : -1;
  }

  set(key: number, writeId: number): void {
    if (key >= this.ids.length) {
      const next = new Int32Array(Math.max(key + 1, this.ids.length * 2)).fill(-1);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[key] = writeId;
  }
}
