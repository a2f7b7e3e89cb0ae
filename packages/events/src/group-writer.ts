interface Queued<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items added while a write is in flight go together in the next write, so under
 * load one statement carries many items, and an item added when nothing is in flight is written at
 * once (after the current tick, to gather items added alongside it). Each caller's promise settles
 * when the write carrying its item has; a failed write fails every item in it.
 */
export class GroupWriter<I, R> {
  private queued: Queued<I, R>[] = [];
  private writing = false;

  /** `write` stores a batch and returns one result per item, in order. */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((q) => q.item));
        batch.forEach((q, i) => q.resolve(results[i]));
      } catch (error) {
        for (const q of batch) q.reject(error);
      }
    }
    this.writing = false;
  }
}
