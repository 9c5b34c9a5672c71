/*
 * The acknowledged writes of one key, newest op last, as parallel number arrays: no object per
 * write, so a million acknowledgements cost the garbage collector nothing. Only the newest
 * KEEP entries are kept (older ones matter only if every newer one gets lost), trimmed in
 * batches so that the cost per write stays constant.
 */
const KEEP = 256;

export class AckLog {
  readonly op: number[] = [];
  readonly seq: number[] = [];
  readonly ackUs: number[] = [];
  readonly lsn: number[] = [];
  readonly timeline: number[] = [];
  readonly process: number[] = [];
  readonly lost: number[] = [];

  get length(): number {
    return this.op.length;
  }

  add(op: number, seq: number, ackUs: number, lsn: number, timeline: number, process: number): void {
    let i = this.op.length;
    while (i > 0 && this.op[i - 1]! > op) i--;
    if (i === this.op.length) {
      this.op.push(op); this.seq.push(seq); this.ackUs.push(ackUs); this.lsn.push(lsn);
      this.timeline.push(timeline); this.process.push(process); this.lost.push(0);
    } else {
      this.op.splice(i, 0, op); this.seq.splice(i, 0, seq); this.ackUs.splice(i, 0, ackUs); this.lsn.splice(i, 0, lsn);
      this.timeline.splice(i, 0, timeline); this.process.splice(i, 0, process); this.lost.splice(i, 0, 0);
    }
    if (this.op.length >= 2 * KEEP) this.trim(this.op.length - KEEP);
  }

  markLost(op: number): void {
    for (let i = this.op.length - 1; i >= 0; i--) if (this.op[i] === op) { this.lost[i] = 1; return; }
  }

  /** index of the newest entry acknowledged before `beforeSeq`, not lost (by `process` when ≥ 0), or -1 */
  latest(beforeSeq: number, process: number): number {
    for (let i = this.op.length - 1; i >= 0; i--) {
      if (this.seq[i]! < beforeSeq && this.lost[i] === 0 && (process < 0 || this.process[i] === process)) return i;
    }
    return -1;
  }

  private trim(n: number): void {
    for (const a of [this.op, this.seq, this.ackUs, this.lsn, this.timeline, this.process, this.lost]) a.splice(0, n);
  }
}
