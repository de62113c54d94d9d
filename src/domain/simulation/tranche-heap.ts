/**
 * Pending superpreference tranches, smallest rank first (R3.7): a binary heap of beneficiary
 * indices ordered by (rank, index). With the default list order every rank is 0 and the index,
 * which follows the list, decides. Capacity is fixed: each beneficiary is in the heap at most once.
 */
export class TrancheHeap {
  readonly #items: Int32Array;
  #size = 0;

  constructor(
    capacity: number,
    private readonly rank: Float64Array,
  ) {
    this.#items = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.#size;
  }

  top(): number {
    return this.#items[0]!;
  }

  #less(a: number, b: number): boolean {
    const ra = this.rank[a]!;
    const rb = this.rank[b]!;
    return ra < rb || (ra === rb && a < b);
  }

  push(k: number): void {
    const items = this.#items;
    let i = this.#size++;
    items[i] = k;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): number {
    const items = this.#items;
    const top = items[0]!;
    const last = items[--this.#size]!;
    if (this.#size > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= this.#size) break;
        const right = left + 1;
        const child = right < this.#size && this.#less(items[right]!, items[left]!) ? right : left;
        if (!this.#less(items[child]!, items[i]!)) break;
        [items[i], items[child]] = [items[child]!, items[i]!];
        i = child;
      }
    }
    return top;
  }
}
