/** Small helpers shared by the SSM simulator: time, request members, errors. */
import { SimError } from '../core/contract';

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
