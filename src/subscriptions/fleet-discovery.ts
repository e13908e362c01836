import { scopeKey, type Aws, type Scope } from '../aws';
import type { Logger } from '../observability/logger';
import type { ChangeFeed } from './change-feed';
import type { Clock } from './clock';
import type { Coordination } from './coordination/coordination';
import type { KindRegistry, TaskKind } from './kinds';
import { taskRef } from './task-ref';
import type { WatchReasons } from './watch-reasons';

export interface FleetDiscoveryOptions {
  /** How often to look for active tasks while a fleet-wide subscriber listens. */
  intervalMs: number;
  /** The scopes (account × region) scanned. */
  scopes: () => readonly Scope[];
}

/**
 * Fleet discovery: while `taskEvents` has listeners, every scope's active tasks of every kind
 * become watched (their first sight a baseline, not an event), so changes to tasks started
 * elsewhere (the console, the CLI) reach the stream too. One replica scans a scope at a time.
 */
export class FleetDiscovery {
  private nextAt = 0;

  constructor(
    private readonly aws: Aws,
    private readonly kinds: KindRegistry,
    private readonly reasons: WatchReasons,
    private readonly feed: ChangeFeed,
    private readonly coordination: Coordination,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: FleetDiscoveryOptions,
  ) {}

  /** Scan at the next tick (a first fleet listener arrived). */
  dueNow(): void {
    this.nextAt = 0;
  }

  /** Scan if a fleet listener exists and the scan is due (`force`: due now). */
  async runIfDue(force = false): Promise<void> {
    if (this.reasons.fleetListeners === 0) return;
    const now = this.clock.now();
    if (!force && now < this.nextAt) return;
    this.nextAt = now + this.options.intervalMs;
    // A failed scope (denied, throttled) must neither stop the others nor the polling of tasks already watched.
    await Promise.all(
      this.options.scopes().map((scope) =>
        this.scan(scope).catch((err: unknown) => this.logger.warn({ err, scope: scopeKey(scope) }, 'task discovery failed; retrying at the next scan')),
      ),
    );
  }

  private async scan(scope: Scope): Promise<void> {
    if (!(await this.coordination.acquire(`discovery:${scopeKey(scope)}`))) return;
    await Promise.all(this.kinds.all().map((kind) => this.scanKind(kind, scope)));
  }

  private async scanKind(kind: TaskKind, scope: Scope): Promise<void> {
    const items = await kind.active(this.aws, scope);
    for (const item of items) {
      const ref = taskRef(kind.kind, scope, kind.idOf(item));
      // Record the baseline only; polling (not the scan) reports changes, so no event is doubled.
      if (this.reasons.discovered(ref)) await this.feed.baseline(ref, kind.read(item));
    }
  }
}
