import type { BudgetEvent } from './budget';

export type AwsService = 'ec2' | 'ssm' | 'sts' | 'organizations';

/** What every AWS call reports, for metrics, audit and tests. Never carries request parameters. */
export interface AwsCallEvent {
  service: AwsService;
  action: string;
  region: string;
  accountId?: string;
  /** `cached`: answered from the cross-request cache or by joining an identical call in flight. */
  outcome: 'ok' | 'error' | 'cached';
  errorCode?: string;
  durationMs: number;
  /** A mutating call (write) rather than a read. */
  mutating?: boolean;
  /** AWS's request id (for the audit log), when AWS answered. */
  awsRequestId?: string;
  /** SDK attempts it took (retries on throttling/5xx/network), for aws_retries_total. */
  attempts?: number;
  /** Time spent queued for the scope's request budget before the call went out. */
  budgetWaitMs?: number;
  /** Calls of this action in this scope in flight when this one started, itself included. */
  concurrent?: number;
}

/** One call made by a cross-request batcher. */
export interface BatchEvent {
  service: AwsService;
  /** The lookup, e.g. `instance`, `image`, `macTask`, `managedNode`. */
  kind: string;
  /** Distinct ids the call carried. */
  ids: number;
  /** Facade lookups (each would have been its own call without the batcher) it served. */
  requests: number;
}

/**
 * AWS calls avoided: `cache` (answered from the cache), `coalescing` (joined an identical call in
 * flight), `batching` (joined another lookup's batch). One unit = one call a lookup would have made.
 */
export interface SavedEvent {
  service: AwsService;
  kind: string;
  reason: 'cache' | 'coalescing' | 'batching';
  calls: number;
}

/** Process-wide observer of the access layer (metrics); per-request views add call observers. */
export interface AwsObserver {
  call?(e: AwsCallEvent): void;
  batch?(e: BatchEvent): void;
  saved?(e: SavedEvent): void;
  budget?(e: BudgetEvent): void;
}
