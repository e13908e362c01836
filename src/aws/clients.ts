import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ClientFactoryOptions {
  /** Endpoint override for both services (the simulator); unset = the SDK's own resolution, which honours AWS_ENDPOINT_URL_EC2 / _SSM. */
  endpoint?: string;
  /** Static credentials (the simulator's); unset = the default credential chain. */
  credentials?: StaticCredentials;
  maxAttempts?: number;
  /** Clients kept per service, most recently used regions first; default DEFAULT_MAX_REGIONS_PER_SERVICE. */
  maxRegionsPerService?: number;
}

/** How many regions' clients are kept per service by default (more than any real fleet spans at once). */
export const DEFAULT_MAX_REGIONS_PER_SERVICE = 32;

/**
 * One EC2 and one SSM client per region, created on first use and reused (they pool sockets).
 * Region names come from callers (any well-formed name is accepted), so each cache keeps only the
 * most recently used regions; the least recently used client beyond that is destroyed.
 */
export class ClientFactory {
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly ssmClients = new Map<string, SSMClient>();
  private readonly maxRegions: number;

  constructor(private readonly options: ClientFactoryOptions = {}) {
    this.maxRegions = Math.max(1, Math.floor(options.maxRegionsPerService ?? DEFAULT_MAX_REGIONS_PER_SERVICE));
  }

  ec2(region: string): EC2Client {
    return this.cached(this.ec2Clients, region, () => new EC2Client({ region, ...this.common() }));
  }

  ssm(region: string): SSMClient {
    return this.cached(this.ssmClients, region, () => new SSMClient({ region, ...this.common() }));
  }

  destroy(): void {
    for (const c of this.ec2Clients.values()) c.destroy();
    for (const c of this.ssmClients.values()) c.destroy();
    this.ec2Clients.clear();
    this.ssmClients.clear();
  }

  /** LRU by Map insertion order: a hit moves to the end, the first entries are the least recent. */
  private cached<C extends { destroy(): void }>(cache: Map<string, C>, region: string, create: () => C): C {
    let client = cache.get(region);
    if (client) {
      cache.delete(region);
    } else {
      client = create();
    }
    cache.set(region, client);
    while (cache.size > this.maxRegions) {
      const [oldest, evicted] = cache.entries().next().value as [string, C];
      cache.delete(oldest);
      evicted.destroy();
    }
    return client;
  }

  private common() {
    return {
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      maxAttempts: this.options.maxAttempts ?? 3,
      retryMode: 'adaptive' as const,
    };
  }
}
