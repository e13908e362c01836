/**
 * An AsyncIterator over a PubSub source with prompt cleanup. An async generator cannot run its
 * `finally` while it waits in `for await`, so an unsubscribe would leave listeners (and the
 * watcher's listener count) behind until the next event; here `return()` cleans up at once.
 */
export function eventStream<T>(options: {
  source: AsyncIterator<T> & { return?(value?: unknown): Promise<IteratorResult<T>> };
  /** Items sent before anything from the source. */
  initial?: T[];
  /** Drop items (already seen, filtered out). */
  accept?: (item: T) => boolean;
  /** Complete right after sending this item. */
  isLast?: (item: T) => boolean;
  onClose: () => void;
}): AsyncIterableIterator<T> {
  const queue = [...(options.initial ?? [])];
  let closed = false;
  let lastSent = false;

  const close = async (): Promise<IteratorResult<T>> => {
    if (!closed) {
      closed = true;
      options.onClose();
      await options.source.return?.();
    }
    return { done: true, value: undefined };
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (closed || lastSent) return close();
      let item: T | undefined = queue.shift();
      while (item === undefined) {
        const r = await options.source.next();
        if (r.done || closed) return close();
        if (!options.accept || options.accept(r.value)) item = r.value;
      }
      if (options.isLast?.(item)) lastSent = true;
      return { done: false, value: item };
    },
    return: close,
    async throw(err?: unknown): Promise<IteratorResult<T>> {
      await close();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
