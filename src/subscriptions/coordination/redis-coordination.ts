import type { Redis } from 'ioredis';
import type { TaskSnapshot } from '../task-event';
import type { Coordination } from './coordination';

/** Extend our own lease, or take a free one; atomic so two replicas never both win. */
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Delete only leases we still hold. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const SNAPSHOT_TTL_SECONDS = 24 * 3600;

/**
 * Leases with SET NX PX semantics: a replica that dies stops renewing, its leases expire after
 * `leaseMs`, and another replica that has the task watched takes it over on its next poll.
 */
export class RedisCoordination implements Coordination {
  private readonly held = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly replicaId: string,
    private readonly leaseMs: number,
    private readonly prefix = 'fleetgraph:',
  ) {}

  async acquire(key: string): Promise<boolean> {
    const won = (await this.redis.eval(ACQUIRE, 1, `${this.prefix}lease:${key}`, this.replicaId, String(this.leaseMs))) === 1;
    if (won) this.held.add(key);
    else this.held.delete(key);
    return won;
  }

  async release(key: string): Promise<void> {
    if (!this.held.delete(key)) return;
    await this.redis.eval(RELEASE, 1, `${this.prefix}lease:${key}`, this.replicaId);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.held].map((k) => this.release(k)));
  }

  async getSnapshot(key: string): Promise<TaskSnapshot | null> {
    const raw = await this.redis.get(`${this.prefix}snapshot:${key}`);
    return raw ? (JSON.parse(raw) as TaskSnapshot) : null;
  }

  async setSnapshot(key: string, snapshot: TaskSnapshot): Promise<void> {
    await this.redis.set(`${this.prefix}snapshot:${key}`, JSON.stringify(snapshot), 'EX', SNAPSHOT_TTL_SECONDS);
  }

  async close(): Promise<void> {
    await this.releaseAll();
  }
}
