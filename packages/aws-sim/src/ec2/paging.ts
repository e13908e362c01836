import { createHash } from 'node:crypto';
import { SimError } from '../core/contract';
import { Params } from './query';

/**
 * Opaque NextTokens: base64url of `v1|<kind>|<offset>|<fingerprint>`; the fingerprint ties the
 * token to the query (every parameter except NextToken/MaxResults), so a token replayed against
 * a different query is rejected like AWS does (InvalidParameterValue).
 */
function fingerprint(kind: string, params: Params): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'NextToken' && k !== 'MaxResults' && k !== 'Version' && k !== 'DryRun')
    .sort();
  const h = createHash('sha256').update(kind);
  for (const k of keys) h.update(`\u0000${k}\u0001${params[k]}`);
  return h.digest('hex').slice(0, 16);
}

export function encodeToken(kind: string, offset: number, params: Params): string {
  return Buffer.from(`v1|${kind}|${offset}|${fingerprint(kind, params)}`, 'utf8').toString('base64url');
}

export function decodeToken(kind: string, params: Params): number {
  const token = params['NextToken'];
  if (token === undefined || token === '') return 0;
  const bad = () => new SimError('InvalidParameterValue', `Invalid value '${token}' for nextToken.`);
  let text: string;
  try {
    text = Buffer.from(token, 'base64url').toString('utf8');
  } catch {
    throw bad();
  }
  const parts = text.split('|');
  if (parts.length !== 4 || parts[0] !== 'v1' || parts[1] !== kind || !/^\d+$/.test(parts[2])) throw bad();
  if (parts[3] !== fingerprint(kind, params)) throw bad();
  return Number(parts[2]);
}

/** One page of `items`: [page, nextToken|undefined]. Without maxResults, everything. */
export function paginate<T>(kind: string, items: readonly T[], params: Params, max: number | undefined): [T[], string | undefined] {
  const offset = decodeToken(kind, params);
  if (max === undefined) return [items.slice(offset), undefined];
  const page = items.slice(offset, offset + max);
  const next = offset + max < items.length ? encodeToken(kind, offset + max, params) : undefined;
  return [page, next];
}
