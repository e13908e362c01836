/**
 * The seam between the simulator's HTTP front (src/front: protocols, admin endpoints, throttling)
 * and its services (src/ec2, src/ssm). Services never see
 * HTTP; the front never sees service state. Nothing here imports from the gateway.
 */

import { MANAGEMENT_ACCOUNT_ID } from '../org/ids';

/** An AWS-shaped failure. `code` is the EC2 error Code or the SSM `__type`. */
export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status AWS uses for it: 400 client, 403 UnauthorizedOperation, 412 DryRunOperation, 503 throttling. */
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * Simulated time in epoch milliseconds. It runs at `timeScale` × wall-clock speed (0 = frozen,
 * which tests use) and can be pushed forward with advance(). Task state machines read it; they
 * never use timers, so a frozen clock makes every test deterministic.
 */
export interface SimClock {
  now(): number;
  advance(ms: number): void;
  readonly timeScale: number;
}

/** Who is calling, from the SigV4 Authorization header's access key id. */
export interface Caller {
  accessKeyId: string;
  /** The account the credentials act in. */
  accountId: string;
  /** The principal's ARN (an IAM user, or `arn:aws:sts::…:assumed-role/…` for a role session). */
  arn: string;
  /** Allowed to mutate. The read-only key gets UnauthorizedOperation / AccessDeniedException. */
  canWrite: boolean;
}

/** Access keys of the seeded account (documented in the README; secrets are not checked). */
export const SIM_ACCESS_KEYS = {
  admin: 'AKIAFLEETGRAPHADMIN1',
  readOnly: 'AKIAFLEETGRAPHREADONLY',
} as const;
export const SIM_SECRET_KEY = 'simulator-secret-key-not-checked';
/** The account default credentials act in: the organisation's management account. */
export const SIM_ACCOUNT_ID = MANAGEMENT_ACCOUNT_ID;
export const SIM_REGION = 'us-east-1';

/** The instance facts SSM needs from EC2 (managed nodes, automation targets). */
export interface SharedInstanceView {
  instanceId: string;
  instanceType: string;
  /** EC2 platformDetails-like: 'macOS' | 'Linux/UNIX' | 'Windows' */
  platform: 'macOS' | 'Linux/UNIX' | 'Windows';
  state: string;
  name?: string;
  privateIpAddress?: string;
  launchTime: number;
}

export interface SimOptions {
  /** Number of EC2 instances in the seeded world (SIM_INSTANCES, default 40). */
  instances: number;
  /** Seed for the deterministic PRNG. */
  seed: number;
}

export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

/** A region as DescribeRegions reports it to an account. */
export interface RegionInfo {
  name: string;
  optInStatus: OptInStatus;
}

/** One scope (account × region) as its services see it. */
export interface ServiceContext {
  clock: SimClock;
  options: SimOptions;
  accountId: string;
  region: string;
  /** Every region the account knows: enabled ones, and opt-in ones it has not enabled. */
  regions: readonly RegionInfo[];
}

export type ServiceName = 'ec2' | 'ssm' | 'sts' | 'organizations';

/**
 * A simulated AWS service. `handle` gets the decoded request (Query protocol, EC2 and STS: the
 * flat params map `{"Filter.1.Name": "instance-id", ...}`; JSON protocol, SSM and Organizations:
 * the parsed body) and returns the response body (Query: the inner XML of the response element;
 * JSON: a JSON-able object with timestamps as epoch seconds). It throws SimError for AWS errors.
 */
export interface SimService<Req, Res> {
  readonly name: ServiceName;
  /** The service's action table (what the front may call, and which calls mutate). */
  readonly actions: Readonly<Record<string, { mutating: boolean }>>;
  /** The token bucket a call draws from (AWS throttles per action within a class); none = never throttled. */
  throttleClass(action: string, request: Req): ThrottleClass | undefined;
  handle(action: string, request: Req, caller: Caller): Res | Promise<Res>;
  /** Back to the seeded world (the clock is reset by the front). */
  reset(): void;
}

/** Bucket classes; their capacities are AWS's published numbers, adjustable at run time. */
export type BucketName = 'describe' | 'unfilteredDescribeInstances' | 'mutating' | 'ssm';

export interface ThrottleClass {
  bucket: BucketName;
  /** The bucket within the class (AWS keeps one per action). */
  key: string;
}

/**
 * The seeded account's correct MacCredentials for Apple-silicon Mac modification tasks (demo
 * values, documented in the README). A task created with other credentials ends `failed`.
 * The simulator never logs, echoes or stores MacCredentials (only a hash for idempotency).
 */
export const SIM_MAC_CREDENTIALS = {
  internalDiskPassword: 'fleetgraph-demo',
  rootVolumeUsername: 'ec2-user',
  rootVolumePassword: 'fleetgraph-demo',
} as const;
