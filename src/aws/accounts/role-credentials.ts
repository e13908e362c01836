import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AccountCredentials, StaticCredentials } from '../clients';
import { AwsError } from '../errors';
import { toAwsError } from '../error-mapping';
import { RefreshingCredentials, type TemporaryCredentials } from './refreshing-credentials';
import { ROLE_SESSION_NAME } from './settings';

/** How the gateway reaches one account: a role to assume there (its own account needs none). */
export interface RoleAccess {
  roleArn: string;
  externalId?: string;
}

export interface RoleCredentialsOptions {
  /** The region STS is called in (the gateway's default region: STS regional endpoints). */
  region: string;
  /** Endpoint override (the simulator); unset = the SDK's resolution (AWS_ENDPOINT_URL_STS honoured). */
  endpoint?: string;
  /** The gateway's own credentials, which call AssumeRole; unset = the SDK's default chain. */
  baseCredentials?: StaticCredentials;
  maxAttempts: number;
  /** Tests: an AssumeRole stand-in. */
  assumeRole?: (access: RoleAccess) => Promise<TemporaryCredentials>;
}

/** A provider the SDK clients call on every request: it is memoized here (per account), not by each client. */
type MemoizedProvider = (() => Promise<TemporaryCredentials>) & { memoized: true };

/**
 * Credentials per account: STS AssumeRole through the SDK's own `fromTemporaryCredentials`, with
 * the session name `FleetGraph` (CloudTrail in the member account names the caller), shared by
 * every client of the account and renewed before expiry. An account without a role uses the
 * gateway's own credentials.
 */
export class RoleCredentials {
  private readonly roles = new Map<string, { credentials: RefreshingCredentials; provider: MemoizedProvider }>();

  constructor(private readonly options: RoleCredentialsOptions) {}

  /** Reach `accountId` through `access` from now on. */
  register(accountId: string, access: RoleAccess): void {
    const credentials = new RefreshingCredentials(() => this.assume(accountId, access));
    const provider = Object.assign(() => credentials.get(), { memoized: true as const });
    this.roles.set(accountId, { credentials, provider });
  }

  /** What the account's clients are configured with: the role's provider, or undefined for the gateway's own credentials. */
  providerFor(accountId: string): AccountCredentials | undefined {
    return this.roles.get(accountId)?.provider;
  }

  /**
   * AWS said the account's session expired (sessions can be revoked before their time): drop it,
   * unless it was renewed since `usedSince` (epoch ms the refused call started). True when there is
   * an assumed role to renew, i.e. a retry can succeed.
   */
  invalidate(accountId: string, usedSince?: number): boolean {
    const role = this.roles.get(accountId);
    role?.credentials.invalidate(usedSince);
    return role !== undefined;
  }

  private async assume(accountId: string, access: RoleAccess): Promise<TemporaryCredentials> {
    try {
      if (this.options.assumeRole) return await this.options.assumeRole(access);
      const provider = fromTemporaryCredentials({
        params: { RoleArn: access.roleArn, RoleSessionName: ROLE_SESSION_NAME, ...(access.externalId ? { ExternalId: access.externalId } : {}) },
        ...(this.options.baseCredentials ? { masterCredentials: this.options.baseCredentials } : {}),
        clientConfig: {
          region: this.options.region,
          maxAttempts: this.options.maxAttempts,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        },
      });
      return await provider();
    } catch (err) {
      throw assumeRoleError(err, accountId, access.roleArn);
    }
  }
}

/** AssumeRole failed: an AwsError naming the role (never the ExternalId), AWS's code and request id. */
function assumeRoleError(err: unknown, accountId: string, roleArn: string): unknown {
  const mapped = toAwsError(err, { operation: 'sts:AssumeRole' });
  if (!(mapped instanceof AwsError)) return mapped;
  return new AwsError(mapped.code, `Cannot assume role ${roleArn} in account ${accountId} (${mapped.awsCode}): ${mapped.message}`, {
    awsCode: mapped.awsCode,
    requestId: mapped.requestId,
    httpStatus: mapped.httpStatus,
    operation: 'sts:AssumeRole',
  });
}
