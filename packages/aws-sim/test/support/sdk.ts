/** The real SDK clients against a running simulator, and what a failed call looked like. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SIM_ACCESS_KEYS, SIM_REGION, SIM_SECRET_KEY } from '../../src/core/contract';
import type { RunningSimulator } from '../../src/front/server';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const creds = (accessKeyId: string = SIM_ACCESS_KEYS.admin): Credentials => ({ accessKeyId, secretAccessKey: SIM_SECRET_KEY });

/** One attempt per call (no SDK retries), so tests see exactly what the simulator answered. */
export function ec2Client(sim: Pick<RunningSimulator, 'url'>, credentials: string | Credentials = SIM_ACCESS_KEYS.admin, region = SIM_REGION): EC2Client {
  return new EC2Client({ endpoint: sim.url, region, credentials: typeof credentials === 'string' ? creds(credentials) : credentials, maxAttempts: 1 });
}

export function ssmClient(sim: Pick<RunningSimulator, 'url'>, credentials: string | Credentials = SIM_ACCESS_KEYS.admin, region = SIM_REGION): SSMClient {
  return new SSMClient({ endpoint: sim.url, region, credentials: typeof credentials === 'string' ? creds(credentials) : credentials, maxAttempts: 1 });
}

export interface Failure {
  name: string;
  status?: number;
  message: string;
  requestId?: string;
}

/** The error a call failed with (the test fails if it succeeded). */
export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode, requestId: err.$metadata?.requestId };
  }
  throw new Error('expected the call to fail');
}

/** GET (no body) or POST (JSON body) to an admin endpoint; the parsed answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function admin(sim: RunningSimulator, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/_sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return res.json();
}

/** The part of GET /_sim/world the tests read. */
export interface WorldSummary {
  counts: { instances: number; images: number; distinctImagesInUse: number; macModificationTasks: number };
  instances: Record<'macX86' | 'macAppleSilicon' | 'linux' | 'windows', Record<string, string[]>>;
  idleRunningMac: { macX86: string[]; macAppleSilicon: string[] };
  macInstanceTypes: Record<string, string>;
  images: Record<'owned' | 'ownedPrivate' | 'ownedWithLaunchPermissions' | 'shared' | 'public' | 'amazonMacOS' | 'withProductCode' | 'imdsV2' | 'notVisible', string[]>;
  macTasks: { byState: Record<string, string[]>; byType: Record<string, string[]> };
}
