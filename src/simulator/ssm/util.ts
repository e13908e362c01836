/** Small helpers shared by the SSM simulator: deterministic randomness, ids, time, errors. */
import { SimError } from '../core/contract';

/** mulberry32: tiny, fast, deterministic PRNG. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(minIncl: number, maxIncl: number): number {
    return minIncl + Math.floor(this.next() * (maxIncl - minIncl + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
  /** RFC 4122 v4-shaped UUID (36 chars). */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** FNV-1a 32-bit hash, for per-entity deterministic attributes. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Epoch milliseconds → epoch seconds as AWS JSON protocols send them (e.g. 1767268800.123). */
export function sec(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms) / 1000;
}

export const UUID_RE = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;

/** Smithy-style constraint failure: what AWS returns before the operation runs. */
export function validation(message: string): SimError {
  return new SimError('ValidationException', message);
}

export function constraintError(value: unknown, member: string, constraint: string): SimError {
  const v = typeof value === 'string' ? value : JSON.stringify(value);
  return validation(`1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function requireString(body: Record<string, unknown>, member: string): string {
  const v = body[member];
  if (v === undefined || v === null) throw constraintError(null, lowerFirst(member), 'Member must not be null');
  if (typeof v !== 'string') throw new SimError('SerializationException', `Unexpected value type for ${member}`);
  return v;
}

export function optString(body: Record<string, unknown>, member: string): string | undefined {
  const v = body[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new SimError('SerializationException', `Unexpected value type for ${member}`);
  return v;
}

export function optInt(body: Record<string, unknown>, member: string, min: number, max: number): number | undefined {
  const v = body[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new SimError('SerializationException', `Unexpected value type for ${member}`);
  if (v < min) throw constraintError(v, lowerFirst(member), `Member must have value greater than or equal to ${min}`);
  if (v > max) throw constraintError(v, lowerFirst(member), `Member must have value less than or equal to ${max}`);
  return v;
}

export function optArray(body: Record<string, unknown>, member: string): unknown[] | undefined {
  const v = body[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new SimError('SerializationException', `Unexpected value type for ${member}`);
  return v;
}

/** Record<string, string[]> members such as Parameters and Payload. */
export function optStringListMap(body: Record<string, unknown>, member: string): Record<string, string[]> | undefined {
  const v = body[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new SimError('SerializationException', `Unexpected value type for ${member}`);
  const out: Record<string, string[]> = {};
  for (const [k, vals] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(vals) || vals.some((x) => typeof x !== 'string')) {
      throw new SimError('SerializationException', `Unexpected value type for ${member}.${k}`);
    }
    out[k] = vals as string[];
  }
  return out;
}

export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
