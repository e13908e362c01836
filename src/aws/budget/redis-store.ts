import type { Redis } from 'ioredis';
import type { BucketSpec } from './api-classes';
import type { Reservation } from './token-bucket';

/**
 * token-bucket.ts's `reserve`, atomically in Redis, so every replica draws from one bucket per
 * scope × API. Redis's own clock (TIME) is the clock: replicas' clocks may disagree, Redis's is one.
 * Numbers travel as strings (Lua numbers in a reply are truncated to integers).
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(s[1])
local at = tonumber(s[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / perMs end
local granted = 0
if wait <= maxWait then
  tokens = tokens - 1
  granted = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs) + 1000)
return {granted, tostring(wait), tostring(tokens)}`;

export class RedisBucketStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'fleetgraph:budget:',
  ) {}

  async reserve(key: string, spec: BucketSpec, maxWaitMs: number): Promise<Reservation> {
    const [granted, wait, tokens] = (await this.redis.eval(
      RESERVE,
      1,
      this.prefix + key,
      String(spec.capacity),
      String(spec.refillPerSecond / 1000),
      String(maxWaitMs),
    )) as [number, string, string];
    return { granted: granted === 1, waitMs: Number(wait), tokensLeft: Number(tokens) };
  }
}
