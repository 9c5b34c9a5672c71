/*
 * Names to ids (keys, sessions): a map that only grows, read far more often than added to.
 * Checkpoints share it instead of copying it (thousands of key names): share() hands out a
 * second NameIds over the same entries, and whichever of them is added to first copies them
 * before it does.
 */
export class NameIds {
  private entries = new Map<string, number>();
  /** the entries are also another NameIds': copy them before adding */
  private shared = false;

  get size(): number {
    return this.entries.size;
  }

  get(name: string): number | undefined {
    return this.entries.get(name);
  }

  set(name: string, id: number): void {
    if (this.shared) {
      this.entries = new Map(this.entries);
      this.shared = false;
    }
    this.entries.set(name, id);
  }

  /** Another NameIds with the same entries, in O(1): each copies them before its first addition. */
  share(): NameIds {
    this.shared = true;
    const twin = new NameIds();
    twin.entries = this.entries;
    twin.shared = true;
    return twin;
  }
}
