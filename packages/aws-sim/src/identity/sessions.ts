/**
 * Temporary credentials issued by STS AssumeRole. They expire on the wall clock (the SDK refreshes
 * them by comparing `Expiration` with its own clock), or all at once when an operator says so
 * (POST /_sim/config {"expireSessions": true}). They outlive /_sim/reset: clients hold them, and a
 * reset of the world does not log anyone out.
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '../core/contract';
import { stableAlnum } from '../core/rng';

export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  sessionName: string;
  canWrite: boolean;
  /** Wall-clock epoch ms. */
  expiresAt: number;
  /** Expired by an operator before its time. */
  revoked: boolean;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

/** `AROA…`: the unique id IAM gives a role (stable per account and role name). */
export function roleId(accountId: string, roleName: string): string {
  return `AROA${stableAlnum(`role:${accountId}/${roleName}`, 17)}`;
}

export function sessionCaller(s: Session): Caller {
  return { accessKeyId: s.accessKeyId, accountId: s.accountId, arn: `arn:aws:sts::${s.accountId}:assumed-role/${s.roleName}/${s.sessionName}`, canWrite: s.canWrite };
}

export class SessionStore {
  private readonly byKey = new Map<string, Session>();

  issue(grant: Pick<Session, 'accountId' | 'roleName' | 'sessionName' | 'canWrite'>, durationSeconds: number, now = Date.now()): Session {
    let accessKeyId: string;
    do accessKeyId = `ASIA${randomAlnum(16)}`;
    while (this.byKey.has(accessKeyId));
    const session: Session = {
      ...grant,
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`,
      // AWS reports Expiration to the second.
      expiresAt: Math.floor((now + durationSeconds * 1000) / 1000) * 1000,
      revoked: false,
    };
    this.byKey.set(accessKeyId, session);
    return session;
  }

  /** The session of a temporary key, if this simulator issued it and the token matches. */
  find(accessKeyId: string, sessionToken: string | undefined): Session | undefined {
    const s = this.byKey.get(accessKeyId);
    return s && s.sessionToken === sessionToken ? s : undefined;
  }

  isExpired(s: Session, now = Date.now()): boolean {
    return s.revoked || now >= s.expiresAt;
  }

  /** Every session issued so far is expired from now on (callers must assume their roles again). */
  expireAll(): number {
    let n = 0;
    for (const s of this.byKey.values()) {
      if (!s.revoked) n++;
      s.revoked = true;
    }
    return n;
  }

  counts(now = Date.now()): { issued: number; live: number } {
    let live = 0;
    for (const s of this.byKey.values()) if (!this.isExpired(s, now)) live++;
    return { issued: this.byKey.size, live };
  }
}
