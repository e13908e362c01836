/**
 * Who is calling. The SigV4 `Authorization: AWS4-HMAC-SHA256 Credential=<AccessKeyId>/<date>/
 * <region>/<service>/aws4_request, …` header names the access key and the credential scope;
 * signatures are not verified.
 *
 * Any long-term access key is accepted (as LocalStack and moto accept `AWS_ACCESS_KEY_ID=test`)
 * and acts as the account's admin user; only the read-only key differs. No header at all (curl)
 * is the admin too. Temporary keys (`ASIA…`) must be ones this simulator issued (STS AssumeRole),
 * with their session token: AWS refuses session credentials it does not know, and expired ones.
 */
import { Caller, SIM_ACCESS_KEYS, SIM_ACCOUNT_ID } from '../core/contract';
import { SessionStore, sessionCaller } from './sessions';

export const ADMIN_USER_NAME = 'fleetgraph-admin';
export const READ_ONLY_USER_NAME = 'fleetgraph-readonly';

/** What the Authorization header says (each part absent when the header is). */
export interface CredentialScope {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

export function parseAuthorization(header: string | undefined): CredentialScope {
  const m = header ? /Credential=([^/,\s]+)\/[^/,\s]*\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(header) : null;
  if (m) return { accessKeyId: m[1], region: m[2], service: m[3] };
  const key = header ? /Credential=([^/,\s]+)/.exec(header)?.[1] : undefined;
  return key ? { accessKeyId: key } : {};
}

/** Why credentials were refused; each service answers with its own error for it. */
export type CredentialProblem = 'invalid' | 'expired';

export type Resolved = { ok: true; caller: Caller } | { ok: false; problem: CredentialProblem };

/** AWS's temporary (STS) access keys start with ASIA; long-term ones with AKIA. */
export function isTemporaryKey(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA');
}

export function userCaller(accessKeyId: string, accountId: string, userName: string, canWrite: boolean): Caller {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/${userName}`, canWrite };
}

/** A long-term key: the management account's admin, or its read-only user. */
export function longTermCaller(accessKeyId: string = SIM_ACCESS_KEYS.admin): Caller {
  return accessKeyId === SIM_ACCESS_KEYS.readOnly
    ? userCaller(accessKeyId, SIM_ACCOUNT_ID, READ_ONLY_USER_NAME, false)
    : userCaller(accessKeyId, SIM_ACCOUNT_ID, ADMIN_USER_NAME, true);
}

/**
 * The caller behind a request's credentials: a role session (in the account it was issued for),
 * or a long-term key (the management account).
 */
export function resolveCaller(accessKeyId: string | undefined, sessionToken: string | undefined, sessions: SessionStore, now = Date.now()): Resolved {
  if (accessKeyId === undefined || !isTemporaryKey(accessKeyId)) return { ok: true, caller: longTermCaller(accessKeyId) };
  const session = sessions.find(accessKeyId, sessionToken);
  if (!session) return { ok: false, problem: 'invalid' };
  if (sessions.isExpired(session, now)) return { ok: false, problem: 'expired' };
  return { ok: true, caller: sessionCaller(session) };
}
