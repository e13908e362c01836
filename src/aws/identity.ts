import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ErrorCode } from '../errors/codes';
import type { AwsCore } from './core';
import { isAwsError } from './errors';
import { scopeOf, type Scope } from './scope';

/** Who the gateway is on AWS: the account its default credentials belong to. */
export interface Identity {
  accountId: string;
  /** The caller's ARN, when STS told it. */
  arn?: string;
  /** `sts`: verified with GetCallerIdentity; `configured`: given (the simulator's contract, or FLEETGRAPH_ACCOUNT_ID). */
  source: 'sts' | 'configured';
}

/** Start-up failed to establish the identity; the message is one line, fit for an operator. */
export class IdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityError';
  }
}

/** The caller's own account before its id is known (STS is asked in it). */
export const SELF_ACCOUNT = 'self';

export function selfScope(region: string): Scope {
  return scopeOf(SELF_ACCOUNT, region);
}

/**
 * STS GetCallerIdentity, the cheapest call that proves the credentials work. Missing, invalid or
 * expired credentials stop the start; an endpoint without STS (some emulators) is tolerated only
 * when the account id is configured.
 */
export async function callerIdentity(core: AwsCore, region: string): Promise<Identity> {
  const out = await core.calls.send(selfScope(region), 'sts', new GetCallerIdentityCommand({}), core.report);
  if (!out.Account) throw new IdentityError('AWS STS GetCallerIdentity returned no account id');
  return { accountId: out.Account, arn: out.Arn, source: 'sts' };
}

export async function resolveIdentity(core: AwsCore, options: { region: string; accountId?: string; fallbackAccountId?: string; onFallback?: (err: unknown) => void }): Promise<Identity> {
  if (options.accountId) return { accountId: options.accountId, source: 'configured' };
  try {
    return await callerIdentity(core, options.region);
  } catch (err) {
    if (isAwsError(err, ErrorCode.AWS_CREDENTIALS)) throw new IdentityError(`AWS credentials: ${err.message}`);
    if (options.fallbackAccountId) {
      options.onFallback?.(err);
      return { accountId: options.fallbackAccountId, source: 'configured' };
    }
    const why = isAwsError(err) ? `${err.awsCode}: ${err.message}` : err instanceof Error ? err.message : String(err);
    throw new IdentityError(`could not verify the AWS credentials with STS GetCallerIdentity (${why}); set FLEETGRAPH_ACCOUNT_ID if this endpoint has no STS`);
  }
}
