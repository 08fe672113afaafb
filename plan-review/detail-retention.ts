/**
 * Bounds the attribute diffs a review keeps in memory. A note never shows more than its size limit,
 * so for a huge plan only the diffs of the riskiest changes are kept (the rest keep their one-line
 * summary); this keeps memory proportional to the note, not to the plan.
 */

export interface Detailed {
  /** Display size of the detail in the note; undefined once the detail is dropped. */
  detailSize?: number;
  dropDetail(): void;
}

export class DetailRetention<T extends Detailed> {
  private kept: T[] = [];
  private total = 0;

  /**
   * @param capChars detail (in note characters) kept at the end; up to twice as much is held
   *   between two trims, so trimming (a sort) stays rare.
   * @param compare orders items riskiest first; the last ones lose their detail first.
   */
  constructor(
    private readonly capChars: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    if (item.detailSize === undefined) return;
    this.kept.push(item);
    this.total += item.detailSize;
    if (this.total > 2 * this.capChars) this.trim();
  }

  trim(): void {
    if (this.total <= this.capChars) return;
    this.kept.sort(this.compare);
    while (this.total > this.capChars && this.kept.length > 0) {
      const item = this.kept.pop() as T;
      this.total -= item.detailSize ?? 0;
      item.dropDetail();
    }
  }
}
