/**
 * Writes (or reads) that arrive together share one statement. The first item waits only for the current
 * tick (so items queued in the same loop join it); items that arrive while a commit is in flight
 * wait for it and then commit together. A burst costs one round trip and one WAL flush instead of
 * one per item, and each caller still resolves only once its own item is durable.
 *
 * `commit` gets the items in arrival order and returns one result per item, in the same order.
 * When a shared commit fails, each of its items is tried again on its own, so one bad item (a row
 * whose flow was deleted a moment ago, say) fails alone instead of failing its neighbours.
 */
export function createGroupCommit<Item, Result>(commit: (items: Item[]) => Promise<Result[]>, maxBatch = 500): (item: Item) => Promise<Result> {
  interface Pending {
    item: Item;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }
  const pending: Pending[] = [];
  let flushing = false;

  const commitOne = async (entry: Pending) => {
    const [result] = await commit([entry.item]);
    entry.resolve(result as Result);
  };

  const flush = async () => {
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      try {
        const results = await commit(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index] as Result));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else for (const entry of batch) await commitOne(entry).catch(entry.reject);
      }
    }
    flushing = false;
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (flushing) return;
      flushing = true;
      queueMicrotask(() => void flush());
    });
}
