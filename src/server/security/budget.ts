import { ErrorCode } from '../../errors/codes';
import { GatewayError } from '../../errors/gateway-error';

/**
 * Per-principal budgets in cost units (list items + AWS calls, see cost.ts), as token buckets:
 * each principal has `burst` units, refilled at `perSecond`, and every operation spends its
 * estimated cost before it runs. HTTP and WebSocket spend from the same bucket; with Redis every
 * replica does (one atomic Lua script per spend). If Redis fails, each replica falls back to its
 * own in-memory buckets until it answers again, so an outage neither lets everyone through
 * unlimited nor refuses everyone.
 */
export class BudgetExceededError extends GatewayError {
  constructor(
    readonly retryAfterSeconds: number,
    cost: number,
  ) {
    super(ErrorCode.RATE_LIMITED, `Budget exceeded: this operation costs ${cost} and the budget refills in ${retryAfterSeconds}s`, { retryAfterSeconds, cost });
    this.name = 'BudgetExceededError';
  }
}

export interface BudgetDecision {
  allowed: boolean;
  /** Units left after this decision. */
  remaining: number;
  /** When refused: seconds until the bucket holds enough. */
  retryAfterSeconds: number;
}

export interface Budget {
  /** Spends `cost` units of `key`'s bucket, or refuses (spending nothing) when it holds fewer. */
  spend(key: string, cost: number): Promise<BudgetDecision>;
  /** Whether `key` holds at least one unit, spending nothing (the cheap check at the door). */
  peek(key: string): Promise<BudgetDecision>;
  readonly enabled: boolean;
}

export interface BudgetOptions {
  perSecond: number;
  burst: number;
  /** An ioredis client: buckets are then shared by every replica using it. */
  redis?: RedisEvaluator;
  keyPrefix?: string;
  /** Told when Redis fails and the replica's own buckets answer instead (rate-limit the logging). */
  onStoreError?: (err: unknown) => void;
  now?: () => number;
}

/** The part of ioredis the budget uses. */
export interface RedisEvaluator {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

const UNLIMITED: BudgetDecision = { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };

export function createBudget(options: BudgetOptions): Budget {
  if (options.perSecond <= 0) return { enabled: false, spend: async () => UNLIMITED, peek: async () => UNLIMITED };
  const memory = new MemoryBuckets(options.burst, options.perSecond, options.now ?? Date.now);
  const redis = options.redis;
  const prefix = options.keyPrefix ?? 'fleetgraph:budget:';
  const take = async (key: string, cost: number, dry: boolean): Promise<BudgetDecision> => {
    if (redis) {
      try {
        return await redisTake(redis, prefix + key, options.burst, options.perSecond, cost, dry);
      } catch (err) {
        options.onStoreError?.(err);
      }
    }
    return memory.take(key, cost, dry);
  };
  return {
    enabled: true,
    spend: (key, cost) => take(key, Math.max(0, cost), false),
    peek: (key) => take(key, 1, true),
  };
}

function decision(tokens: number, cost: number, perSecond: number, allowed: boolean): BudgetDecision {
  return { allowed, remaining: Math.floor(tokens), retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / perSecond)) };
}

/** One replica's buckets. Idle buckets refill to full and are then forgotten (bounded memory). */
class MemoryBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  take(key: string, cost: number, dry: boolean): BudgetDecision {
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond) : this.burst;
    const allowed = tokens >= cost;
    const left = allowed && !dry ? tokens - cost : tokens;
    this.buckets.set(key, { tokens: left, at: now });
    return decision(left, cost, this.perSecond, allowed);
  }

  private sweep(now: number): void {
    const fullAfterMs = (this.burst / this.perSecond) * 1000;
    if (now - this.lastSweep < Math.min(60_000, fullAfterMs)) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key);
  }
}

/**
 * The bucket in a Redis hash (tokens, last update), updated atomically with Redis's own clock so
 * replicas with skewed clocks agree. Returns {allowed, tokens-as-string}. The key expires once the
 * bucket would be full again: an idle principal costs Redis nothing.
 */
export const TOKEN_BUCKET_LUA = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local cost = tonumber(ARGV[3])
local dry = ARGV[4] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local allowed = 0
if tokens >= cost then
  allowed = 1
  if not dry then tokens = tokens - cost end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
return { allowed, tostring(tokens) }
`;

async function redisTake(redis: RedisEvaluator, key: string, burst: number, perSecond: number, cost: number, dry: boolean): Promise<BudgetDecision> {
  const reply = (await redis.eval(TOKEN_BUCKET_LUA, 1, key, burst, perSecond, cost, dry ? '1' : '0')) as [number, string];
  const tokens = Number(reply[1]);
  return decision(tokens, cost, perSecond, reply[0] === 1);
}
