/**
 * "Something a test watches has changed": recorders (log lines, webhook posts, sockets) call
 * `changed()`, and `until` re-checks its condition then, instead of polling on a timer.
 */
export function createChanges() {
  const waiters = new Set<() => void>();
  return {
    changed(): void {
      for (const w of [...waiters]) w();
    },
    /** Resolves once `check` holds (checked now and at each change); fails after `timeoutMs`. */
    until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const recheck = () => {
          if (!check()) return;
          waiters.delete(recheck);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(recheck);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        waiters.add(recheck);
        recheck();
      });
    },
  };
}
