import type { Aws } from '../aws';
import { createLoaders, type Loaders } from '../loaders';
import type { TaskSnapshot } from './task-event';
import { taskKey } from './task-ref';

const TTL_MS = 30_000;
const MAX_EVENTS = 1000;

/**
 * One set of loaders per published event, shared by every subscriber that resolves it: 200
 * subscribers selecting `instance` or `steps` on the same event cost one AWS call, and nobody
 * sees data cached from an earlier event.
 */
export class EventLoaders {
  private readonly byEvent = new Map<string, { loaders: Loaders; at: number }>();

  /** `aws` is a fresh view: an event's fields show AWS as it is when the event is resolved. */
  constructor(private readonly aws: Aws) {}

  for(event: TaskSnapshot): Loaders {
    const now = Date.now();
    const key = `${taskKey({ kind: event.kind, accountId: event.accountId, region: event.region, id: event.taskId })}#${event.seq}@${event.at}`;
    const hit = this.byEvent.get(key);
    if (hit) return hit.loaders;
    this.prune(now);
    const loaders = createLoaders(this.aws);
    this.byEvent.set(key, { loaders, at: now });
    return loaders;
  }

  private prune(now: number): void {
    for (const [k, v] of this.byEvent) {
      if (now - v.at < TTL_MS && this.byEvent.size < MAX_EVENTS) break;
      this.byEvent.delete(k);
    }
  }
}
