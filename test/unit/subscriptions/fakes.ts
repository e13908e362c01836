import type { Aws } from '../../../src/aws';
import { createLogger } from '../../../src/observability/logger';
import { TaskEventKind } from '../../../src/schema/enums';
import { MemoryCoordination, type Coordination } from '../../../src/subscriptions/coordination/coordination';
import type { TaskKind } from '../../../src/subscriptions/kinds';
import type { TaskPubSub } from '../../../src/subscriptions/pubsub';
import type { TaskSnapshot } from '../../../src/subscriptions/task-event';
import type { TaskRef } from '../../../src/subscriptions/task-ref';

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export const ACCOUNT = '210987654321';
export const REGION = 'us-east-1';
export const SCOPE = Object.freeze({ accountId: ACCOUNT, region: REGION });

export const ref = (id: string, kind: TaskEventKind = TaskEventKind.MAC_MODIFICATION_TASK, region = REGION, accountId = ACCOUNT): TaskRef => ({ kind, accountId, region, id });

/** A task as the fake AWS holds it. */
export interface FakeTask {
  id: string;
  state: string;
  terminal?: boolean;
  step?: string;
  startedAt?: string;
}

/**
 * A kind backed by a map the test edits: it records every fetch (one call per kind × scope
 * group, as the loaders batch them) and every scan of active tasks.
 */
export class FakeKind implements TaskKind<FakeTask> {
  readonly tasks = new Map<string, FakeTask | Error>();
  readonly fetches: string[][] = [];
  readonly scans: string[] = [];
  /** Scopes (`account/region`) whose scan fails. */
  readonly failingScans = new Set<string>();
  constructor(
    readonly kind: TaskEventKind = TaskEventKind.MAC_MODIFICATION_TASK,
    readonly label = 'Fake task',
  ) {}

  set(task: FakeTask): this {
    this.tasks.set(task.id, task);
    return this;
  }

  fetch = async (_loaders: unknown, ids: readonly string[]): Promise<Array<FakeTask | null | Error>> => {
    this.fetches.push([...ids]);
    return ids.map((id) => this.tasks.get(id) ?? null);
  };

  active = async (_aws: Aws, scope: { accountId: string; region: string }): Promise<FakeTask[]> => {
    const key = `${scope.accountId}/${scope.region}`;
    this.scans.push(key);
    if (this.failingScans.has(key)) throw new Error(`scan of ${key} failed`);
    return [...this.tasks.values()].filter((t): t is FakeTask => !(t instanceof Error) && !t.terminal);
  };

  idOf = (t: FakeTask): string => t.id;

  read = (t: FakeTask) => ({
    state: t.state,
    isTerminal: t.terminal ?? false,
    startedAt: t.startedAt ?? '2026-01-01T00:00:00.000Z',
    currentStepName: t.step ?? null,
    instanceId: null,
    documentName: null,
    payloads: {},
  });
}

/** Records what is published, by topic. */
export class RecordingPubSub implements TaskPubSub {
  readonly published: Array<{ topic: string; payload: TaskSnapshot }> = [];
  publish(topic: string, payload: TaskSnapshot): void {
    this.published.push({ topic, payload });
  }
  subscribe(): AsyncIterableIterator<TaskSnapshot> {
    throw new Error('not used by these tests');
  }
  /** [taskId, previousState, state, seq] of what reached the fleet topic. */
  fleetEvents(): Array<[string, string | null, string, number]> {
    return this.published.filter((p) => p.topic === 'task-events').map(({ payload: e }) => [e.taskId, e.previousState, e.state, e.seq]);
  }
}

/** Leases as another replica would hold them: keys in `heldElsewhere` are never ours. */
export class LeasedCoordination implements Coordination {
  readonly heldElsewhere = new Set<string>();
  readonly acquired: string[] = [];
  readonly released: string[] = [];
  private readonly memory = new MemoryCoordination();
  async acquire(key: string): Promise<boolean> {
    if (this.heldElsewhere.has(key)) return false;
    this.acquired.push(key);
    return true;
  }
  async release(key: string): Promise<void> {
    this.released.push(key);
  }
  async releaseAll(): Promise<void> {}
  getSnapshot(key: string): Promise<TaskSnapshot | null> {
    return this.memory.getSnapshot(key);
  }
  setSnapshot(key: string, snapshot: TaskSnapshot): Promise<void> {
    return this.memory.setSnapshot(key, snapshot);
  }
  async close(): Promise<void> {}
}

/** Loaders are built per tick but only the fake kinds read (through their own maps). */
export const unusedAws = { ec2: () => ({}), ssm: () => ({}) } as unknown as Aws;

export const silentLogger = createLogger({ level: 'silent' });
