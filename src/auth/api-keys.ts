import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles';

/**
 * API keys: `fgk_` + 32 random bytes in base64url. Only a SHA-256 of each key is configured:
 * a leaked configuration does not leak keys. A plain (unsalted, fast) hash is enough because the
 * keys carry 256 bits of entropy: there is nothing to brute-force, unlike passwords.
 */
export const API_KEY_PREFIX = 'fgk_';
const API_KEY_RE = /^fgk_[A-Za-z0-9_-]{43}$/;
const HASH_RE = /^sha256:[0-9a-f]{64}$/;

/** One configured key: who it is and what it may do; never the key itself. */
export interface ApiKeyEntry {
  name: string;
  roles: Role[];
  /** `sha256:<64 hex>` of the full key string. */
  hash: string;
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export function isWellFormedApiKey(value: string): boolean {
  return API_KEY_RE.test(value);
}

export function isWellFormedKeyHash(value: string): boolean {
  return HASH_RE.test(value);
}

/**
 * The entry whose hash matches `presented`, or undefined. Every entry is compared (no early exit)
 * with timingSafeEqual, so response time does not tell which or how many entries exist.
 */
export function findApiKey(entries: readonly ApiKeyEntry[], presented: string): ApiKeyEntry | undefined {
  if (!isWellFormedApiKey(presented)) return undefined;
  const digest = Buffer.from(hashApiKey(presented).slice('sha256:'.length), 'hex');
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    const expected = Buffer.from(entry.hash.slice('sha256:'.length), 'hex');
    if (expected.length === digest.length && timingSafeEqual(expected, digest) && !found) found = entry;
  }
  return found;
}

/** A fresh key and the configuration entry that admits it (the key itself is shown once, never stored). */
export function createApiKeyEntry(name: string, roles: Role[]): { key: string; entry: ApiKeyEntry } {
  const key = generateApiKey();
  return { key, entry: { name, roles, hash: hashApiKey(key) } };
}
