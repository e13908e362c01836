import { ReleaseHostsCommand } from '@aws-sdk/client-ec2';
import type { AwsCore, View } from '../core';
import { mapAwsCode } from '../error-mapping';
import { AwsError } from '../errors';
import type { Scope } from '../scope';

/**
 * ReleaseHosts answers HTTP 200 even when it refuses: a host it did not release comes back as an
 * `Unsuccessful` item (`Client.HostMinAllocationPeriodUnexpired`, `Client.InvalidHost.Occupied`, …).
 * That is turned into the AwsError it means, with AWS's code, message and request id.
 */
export async function releaseHost(core: AwsCore, view: View, scope: Scope, hostId: string): Promise<void> {
  const out = await core.write(view, scope, 'ec2', new ReleaseHostsCommand({ HostIds: [hostId] }));
  if (out.Successful?.includes(hostId)) return;
  const item = out.Unsuccessful?.find((u) => u.ResourceId === hostId);
  const awsCode = item?.Error?.Code ?? 'Unknown';
  throw new AwsError(mapAwsCode(awsCode), item?.Error?.Message ?? `ReleaseHosts did not release ${hostId}`, {
    awsCode,
    requestId: out.$metadata.requestId,
    httpStatus: out.$metadata.httpStatusCode,
    scope,
    operation: 'ec2:ReleaseHosts',
  });
}
