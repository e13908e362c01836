import type { DryRunResult } from '../schema/mutation.type';
import { AwsError } from './errors';

/**
 * EC2 answers a DryRun with an error either way: DryRunOperation (412) means "would have
 * succeeded", UnauthorizedOperation (403) "not permitted". Both are answers, not failures;
 * anything else (validation, not found) is a real error and is rethrown.
 */
export async function dryRunResult(call: () => Promise<unknown>): Promise<DryRunResult> {
  try {
    await call();
  } catch (err) {
    if (err instanceof AwsError && err.awsCode === 'DryRunOperation') return { wouldSucceed: true, code: err.awsCode, message: err.message };
    if (err instanceof AwsError && err.awsCode === 'UnauthorizedOperation') return { wouldSucceed: false, code: err.awsCode, message: err.message };
    throw err;
  }
  // A DryRun that returns normally means the endpoint ignored DryRun: never pretend it was a dry run.
  throw new Error('AWS performed a call that was sent as a DryRun');
}

/** A write's outcome: AWS's output once done, or the DryRun's answer (and no output). */
export type Written<T> = { out: T; dryRun: null } | { out: undefined; dryRun: DryRunResult };

/** Make the write (`send(false)`), or ask AWS whether it would succeed (`send(true)`, see dryRunResult). */
export async function writeOrDryRun<T>(dryRun: boolean, send: (dryRun: boolean) => Promise<T>): Promise<Written<T>> {
  if (dryRun) return { out: undefined, dryRun: await dryRunResult(() => send(true)) };
  return { out: await send(false), dryRun: null };
}
