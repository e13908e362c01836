import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ErrorCode } from '../errors/codes';
import type { AwsCore } from './core';
import { isAwsError } from './errors';
import { callerIdentity, type Identity } from './identity';
import type { Scope } from './scope';

/** Why AWS is not usable, in a fixed vocabulary (never a raw message: it could name endpoints). */
export type ProbeFailure = 'credentials' | 'denied' | 'throttled' | 'unreachable' | 'error';

export class ProbeError extends Error {
  constructor(
    readonly reason: ProbeFailure,
    readonly scope: Scope | undefined,
    cause: unknown,
  ) {
    super(`AWS not ready: ${reason}`, { cause });
    this.name = 'ProbeError';
  }
}

export function probeFailure(err: unknown): ProbeFailure {
  if (!isAwsError(err)) return 'error';
  // On a describe call, AuthFailure can only mean the credentials were not accepted.
  if (err.code === ErrorCode.AWS_CREDENTIALS || err.awsCode === 'AuthFailure') return 'credentials';
  if (err.code === ErrorCode.FORBIDDEN) return 'denied';
  if (err.code === ErrorCode.AWS_THROTTLED) return 'throttled';
  if (err.code === ErrorCode.AWS_UNAVAILABLE) return 'unreachable';
  return 'error';
}

/**
 * Cheap and universal: STS GetCallerIdentity (when the identity came from STS) and one small
 * DescribeInstances per scope — calls every account, region and emulator has, unlike
 * DescribeMacModificationTasks. Never cached; goes through the budget like any call.
 */
export async function probe(core: AwsCore, identity: Identity, scopes: readonly Scope[]): Promise<void> {
  const report = core.report;
  const checks: Array<[Scope | undefined, () => Promise<unknown>]> = scopes.map((s) => [s, () => core.calls.send(s, 'ec2', new DescribeInstancesCommand({ MaxResults: 5 }), report)]);
  if (identity.source === 'sts' && scopes.length) checks.unshift([undefined, () => callerIdentity(core, scopes[0].region)]);
  const results = await Promise.allSettled(checks.map(([, run]) => run()));
  const failures = results
    .map((r, i) => (r.status === 'rejected' ? new ProbeError(probeFailure(r.reason), checks[i][0], r.reason) : undefined))
    .filter((f): f is ProbeError => f !== undefined);
  // Name the most fundamental reason: bad credentials explain everything after them.
  const order: ProbeFailure[] = ['credentials', 'denied', 'unreachable', 'throttled', 'error'];
  failures.sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason));
  if (failures.length) throw failures[0];
}
