/**
 * Bounds the attribute diffs a review keeps in memory. A note never shows more than its size limit,
 * so for a huge plan only the diffs of the riskiest changes are kept (the rest keep their one-line
 * summary); this keeps memory proportional to the note, not to the plan. The kept diffs are always
 * those of the highest-ranked changes, like the note's own shedding.
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
   * The highest-ranked item a trim dropped. Everything ranked above it plus itself already needed more
   * than the cap, and that set only grows, so anything ranked below it can never be kept.
   */
  private floor?: T;

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
    // Keeps the retained details a prefix of the ranking: nothing below a dropped detail survives.
    if (this.wouldDrop(item)) {
      item.dropDetail();
      return;
    }
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
      if (this.floor === undefined || this.compare(item, this.floor) < 0) this.floor = item;
    }
  }

  /** Whether an item would lose its detail at the next trim whatever comes: callers may skip computing it. */
  wouldDrop(item: T): boolean {
    return this.floor !== undefined && this.compare(item, this.floor) > 0;
  }
}
