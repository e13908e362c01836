/** Clients for STS and Organizations, and role credentials as the SDK would hold them. */
import { AssumeRoleCommand, AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SIM_ACCESS_KEYS, SIM_REGION } from '../../src/core/contract';
import type { RunningSimulator } from '../../src/front/server';
import { Credentials, creds } from './sdk';

export function stsClient(sim: Pick<RunningSimulator, 'url'>, credentials: string | Credentials = SIM_ACCESS_KEYS.admin, region = SIM_REGION): STSClient {
  return new STSClient({ endpoint: sim.url, region, credentials: typeof credentials === 'string' ? creds(credentials) : credentials, maxAttempts: 1 });
}

export function organizationsClient(sim: Pick<RunningSimulator, 'url'>, credentials: string | Credentials = SIM_ACCESS_KEYS.admin): OrganizationsClient {
  return new OrganizationsClient({ endpoint: sim.url, region: 'us-east-1', credentials: typeof credentials === 'string' ? creds(credentials) : credentials, maxAttempts: 1 });
}

/** AssumeRole with the admin key; the temporary credentials it returned. */
export async function assume(sim: Pick<RunningSimulator, 'url'>, input: Omit<AssumeRoleCommandInput, 'RoleSessionName'> & { RoleSessionName?: string }): Promise<Credentials & { sessionToken: string; expiration: Date }> {
  const sts = stsClient(sim);
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleSessionName: 'fleetgraph-test', ...input }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
  } finally {
    sts.destroy();
  }
}

export const roleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;
