import type { BucketSpec } from './api-classes';

/**
 * Token-bucket arithmetic with reservations. A caller that finds no token does not fail: it takes
 * one on credit (the bucket goes below zero) and waits until that token has been refilled, so
 * callers queue in arrival order and AWS never sees more than the bucket allows. A wait longer than
 * `maxWaitMs` is refused instead and nothing is taken. The Redis store runs the same arithmetic in
 * Lua (redis-store.ts); keep the two in step.
 */
export interface BucketState {
  tokens: number;
  /** Epoch ms of the last update. */
  updatedAt: number;
}

export interface Reservation {
  granted: boolean;
  /** Granted: how long to wait before calling. Refused: how long until a token is free. */
  waitMs: number;
  /** Tokens left after this reservation (negative = callers queued on credit). */
  tokensLeft: number;
}

export function reserve(state: BucketState | undefined, now: number, spec: BucketSpec, maxWaitMs: number): { state: BucketState; reservation: Reservation } {
  const perMs = spec.refillPerSecond / 1000;
  const elapsed = state ? Math.max(0, now - state.updatedAt) : 0;
  const tokens = Math.min(spec.capacity, (state?.tokens ?? spec.capacity) + elapsed * perMs);
  const waitMs = tokens >= 1 ? 0 : (1 - tokens) / perMs;
  if (waitMs > maxWaitMs) return { state: { tokens, updatedAt: now }, reservation: { granted: false, waitMs, tokensLeft: tokens } };
  return { state: { tokens: tokens - 1, updatedAt: now }, reservation: { granted: true, waitMs, tokensLeft: tokens - 1 } };
}

/** True when the bucket would be full by `now`: it carries no state worth keeping. */
export function isFull(state: BucketState, now: number, spec: BucketSpec): boolean {
  return state.tokens + Math.max(0, now - state.updatedAt) * (spec.refillPerSecond / 1000) >= spec.capacity;
}
