import type { Credentials } from './authenticator';

/**
 * Close code for a refused WebSocket connection (graphql-ws `CloseCode.Forbidden`): graphql-ws
 * closes with it when `onConnect` returns false, for missing and invalid credentials alike.
 */
export const WS_CLOSE_FORBIDDEN = 4403;

type HeaderValue = string | string[] | undefined;

/** HTTP: `authorization` (Bearer <jwt> | ApiKey <key>) and `x-api-key`. */
export function credentialsFromHeaders(headers: Record<string, HeaderValue>): Credentials {
  return { authorization: single(headers.authorization), apiKey: single(headers['x-api-key']) };
}

/**
 * WebSocket: the same names in `connectionParams` (browsers cannot set headers on a WebSocket).
 * `x-api-key` and `apiKey` are both accepted; names are matched case-insensitively, as headers are.
 */
export function credentialsFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined | null): Credentials {
  if (!params || typeof params !== 'object') return {};
  const lower = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return { authorization: str(lower.get('authorization')), apiKey: str(lower.get('x-api-key')) ?? str(lower.get('apikey')) };
}

/** A repeated header is ambiguous; treat it as a (rejected) malformed credential rather than pick one. */
function single(v: HeaderValue): string | undefined {
  if (Array.isArray(v)) return v.length === 1 ? v[0] : v.length === 0 ? undefined : '\u0000invalid';
  return v;
}
