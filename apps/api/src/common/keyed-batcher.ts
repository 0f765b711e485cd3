/**
 * Collects work per key (an event) and hands it over in batches, one batch per key at a time.
 * Decisions that must be serialised per key (who gets a seat) are then taken many at once,
 * in one transaction with one commit, instead of one commit each under the same lock.
 * If a batch fails as a whole, its items are retried one by one so that one bad item cannot fail others.
 */
export class KeyedBatcher<Item, Result> {
  private readonly queues = new Map<string, Array<{ item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }>>();

  constructor(
    private readonly process: (key: string, items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      // Let the requests arriving in the same tick join the first batch.
      setImmediate(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.process(key, batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]));
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else
          for (const b of batch) {
            try {
              b.resolve((await this.process(key, [b.item]))[0]);
            } catch (single) {
              b.reject(single);
            }
          }
      }
    }
    this.queues.delete(key);
  }
}
