import type { AwsService } from '../events';

/**
 * AWS request-rate buckets. EC2 evaluates each API on its own bucket, sized by the API's class
 * ("each API is evaluated individually", EC2 API throttling docs; numbers in ARCHITECTURE §4a), so
 * a bucket here is one scope × one action, with the capacity and refill of the action's class.
 */
export const API_CLASSES = ['ec2-describe', 'ec2-describe-instances-unfiltered', 'ec2-mutating', 'ec2-create-tags', 'ssm', 'sts', 'organizations'] as const;
export type ApiClass = (typeof API_CLASSES)[number];

export interface BucketSpec {
  /** Tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added per second, up to the capacity. */
  refillPerSecond: number;
}

export const AWS_BUCKETS: Readonly<Record<ApiClass, BucketSpec>> = {
  // EC2, published: Describe* and other non-mutating calls.
  'ec2-describe': { capacity: 100, refillPerSecond: 20 },
  // EC2, published: DescribeInstances with no filter, no id and no MaxResults (a paginated call is a plain Describe).
  'ec2-describe-instances-unfiltered': { capacity: 50, refillPerSecond: 10 },
  // EC2, published: mutating calls (Create*, Modify*, …).
  'ec2-mutating': { capacity: 50, refillPerSecond: 5 },
  'ec2-create-tags': { capacity: 100, refillPerSecond: 10 },
  // SSM publishes no per-API bucket for the Automation, document and inventory calls used here (it
  // answers ThrottlingException): a conservative choice, below the embedded simulator's placeholder.
  ssm: { capacity: 40, refillPerSecond: 20 },
  // STS (GetCallerIdentity, later AssumeRole): well below its per-account request quota.
  sts: { capacity: 100, refillPerSecond: 50 },
  // Organizations (ListAccounts at start): AWS publishes no rate; it is a low-volume control-plane
  // API, so a small bucket.
  organizations: { capacity: 20, refillPerSecond: 5 },
};

export interface BucketRef {
  apiClass: ApiClass;
  /** The AWS API the bucket belongs to, e.g. `ec2:DescribeInstances` or `ec2:DescribeInstances:unfiltered`. */
  bucket: string;
}

const EC2_READ = /^(Describe|Get|List)/;

export function bucketFor(service: AwsService, action: string, input: object): BucketRef {
  if (service === 'ssm' || service === 'sts' || service === 'organizations') return { apiClass: service, bucket: `${service}:${action}` };
  if (action === 'CreateTags') return { apiClass: 'ec2-create-tags', bucket: 'ec2:CreateTags' };
  if (!EC2_READ.test(action)) return { apiClass: 'ec2-mutating', bucket: `ec2:${action}` };
  if (action === 'DescribeInstances') {
    const i = input as { Filters?: unknown[]; InstanceIds?: unknown[]; MaxResults?: number };
    if (!i.Filters?.length && !i.InstanceIds?.length && i.MaxResults === undefined) {
      return { apiClass: 'ec2-describe-instances-unfiltered', bucket: 'ec2:DescribeInstances:unfiltered' };
    }
  }
  return { apiClass: 'ec2-describe', bucket: `ec2:${action}` };
}
