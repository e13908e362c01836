import { readAwsAccessConfig, type AwsAccessConfig } from './aws-access';
import type { EnvReader } from './env';

/**
 * Which AWS the gateway talks to and how. `simulator` is the embedded EC2/SSM simulator; `aws` the
 * SDK's default endpoint and credential chain.
 */
export type Backend = 'simulator' | 'aws';

export interface AwsConfig extends AwsAccessConfig {
  backend: Backend;
  /** Region used when a query gives none. */
  defaultRegion: string;
  /** Cross-request describe cache TTL; 0 keeps only in-flight coalescing. */
  cacheTtlMs: number;
  /** SDK attempts per AWS call (retries on throttling and 5xx use the SDK's adaptive mode). */
  maxAttempts: number;
  /** Concurrency bound for one-resource-per-call APIs (DescribeImageAttribute, GetAutomationExecution). */
  perItemConcurrency: number;
  /** Upper bound for `first` on every connection (one AWS page at most). */
  maxPageSize: number;
}

const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION_RE.test(value);
}

export const NO_BACKEND_IN_PRODUCTION =
  'FLEETGRAPH_BACKEND is not set: set FLEETGRAPH_BACKEND=aws with auth, or FLEETGRAPH_DEMO=true to serve the embedded simulator';

export function readAwsConfig(r: EnvReader, { production }: { production: boolean }): AwsConfig {
  return {
    backend: readBackend(r, production),
    defaultRegion: readDefaultRegion(r),
    cacheTtlMs: r.int('FLEETGRAPH_CACHE_TTL_MS', 2000, 0, 600000),
    maxAttempts: r.int('FLEETGRAPH_AWS_MAX_ATTEMPTS', 3, 1, 10),
    perItemConcurrency: r.int('FLEETGRAPH_AWS_CONCURRENCY', 8, 1, 100),
    maxPageSize: r.int('FLEETGRAPH_MAX_PAGE_SIZE', 1000, 1, 1000),
    ...readAwsAccessConfig(r),
  };
}

/**
 * Outside production the embedded simulator is the default, so `npm start` just works. In
 * production (the Docker image) a deployment given no environment must not come up serving a
 * simulator without auth on every interface: it has to say `aws` or ask for the demo explicitly.
 */
function readBackend(r: EnvReader, production: boolean): Backend {
  const raw = r.str('FLEETGRAPH_BACKEND');
  const demo = r.bool('FLEETGRAPH_DEMO', false);
  if (raw !== undefined && raw !== 'simulator' && raw !== 'aws') {
    r.problem(`FLEETGRAPH_BACKEND=${JSON.stringify(raw)} must be "simulator" or "aws"`);
    return 'simulator';
  }
  if (demo && raw === 'aws') {
    r.problem('FLEETGRAPH_DEMO=true serves the embedded simulator: it cannot be combined with FLEETGRAPH_BACKEND=aws');
    return 'aws';
  }
  if (raw === undefined && production && !demo) r.problem(NO_BACKEND_IN_PRODUCTION);
  return raw ?? 'simulator';
}

function readDefaultRegion(r: EnvReader): string {
  // AWS_REGION (what the SDK reads) first, then the AWS CLI's AWS_DEFAULT_REGION.
  let name = 'AWS_REGION';
  let region = r.str(name);
  if (region === undefined) {
    name = 'AWS_DEFAULT_REGION';
    region = r.str(name);
  }
  if (region === undefined) return 'us-east-1';
  if (!isRegionName(region)) r.problem(`${name}=${JSON.stringify(region)} is not a region name`);
  return region;
}
