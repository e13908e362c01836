import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { scopeKey, type Scope } from './scope';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Credentials for one account: static ones, a provider (e.g. STS AssumeRole via
 * `fromTemporaryCredentials`, refreshed by the SDK before expiry), or undefined for the SDK's
 * default chain (environment, profile, SSO, container or instance role).
 */
export type AccountCredentials = EC2ClientConfig['credentials'];

export interface ClientPoolOptions {
  /** Endpoint override for every service (the simulator); unset = the SDK's own resolution, which honours AWS_ENDPOINT_URL_EC2 / _SSM / _STS. */
  endpoint?: string;
  /** The gateway's own credentials (the simulator's keys); unset = the default chain. */
  credentials?: StaticCredentials;
  /** Credentials per account (AssumeRole into member accounts); undefined for an account = `credentials`. */
  credentialsFor?: (accountId: string) => AccountCredentials | undefined;
  /** SDK attempts per call (the SDK retries 5xx, throttling and network errors). */
  maxAttempts?: number;
  /** Clients kept per service, most recently used scopes first; default DEFAULT_MAX_SCOPES_PER_SERVICE. */
  maxScopesPerService?: number;
}

/** How many scopes' clients are kept per service by default (an organisation's accounts × regions in use at once). */
export const DEFAULT_MAX_SCOPES_PER_SERVICE = 64;

type Destroyable = { destroy(): void };

/**
 * One EC2, SSM, STS and Organizations client per scope, created on first use and reused (they pool sockets and
 * cache credentials). Regions come from callers, so each service keeps only the most recently used
 * scopes; the least recently used client beyond that is destroyed.
 */
export class ClientPool {
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly ssmClients = new Map<string, SSMClient>();
  private readonly stsClients = new Map<string, STSClient>();
  private readonly organizationsClients = new Map<string, OrganizationsClient>();
  private maxScopes: number;

  constructor(private readonly options: ClientPoolOptions = {}) {
    this.maxScopes = Math.max(1, Math.floor(options.maxScopesPerService ?? DEFAULT_MAX_SCOPES_PER_SERVICE));
  }

  ec2(scope: Scope): EC2Client {
    return this.cached(this.ec2Clients, scope, () => new EC2Client(this.config(scope)));
  }

  ssm(scope: Scope): SSMClient {
    return this.cached(this.ssmClients, scope, () => new SSMClient(this.config(scope)));
  }

  sts(scope: Scope): STSClient {
    return this.cached(this.stsClients, scope, () => new STSClient(this.config(scope)));
  }

  /**
   * Keep at least `served` scopes' clients per service (plus room for the regions queries may name):
   * an organisation larger than the default must not evict its own clients on every query.
   */
  reserve(served: number): void {
    this.maxScopes = Math.max(this.maxScopes, served + DEFAULT_MAX_SCOPES_PER_SERVICE);
  }

  organizations(scope: Scope): OrganizationsClient {
    return this.cached(this.organizationsClients, scope, () => new OrganizationsClient(this.config(scope)));
  }

  destroy(): void {
    for (const cache of [this.ec2Clients, this.ssmClients, this.stsClients, this.organizationsClients] as Map<string, Destroyable>[]) {
      for (const c of cache.values()) c.destroy();
      cache.clear();
    }
  }

  /** LRU by Map insertion order: a hit moves to the end, the first entries are the least recent. */
  private cached<C extends Destroyable>(cache: Map<string, C>, scope: Scope, create: () => C): C {
    const key = scopeKey(scope);
    let client = cache.get(key);
    if (client) cache.delete(key);
    else client = create();
    cache.set(key, client);
    while (cache.size > this.maxScopes) {
      const [oldest, evicted] = cache.entries().next().value as [string, C];
      cache.delete(oldest);
      evicted.destroy();
    }
    return client;
  }

  private config(scope: Scope) {
    const credentials = this.options.credentialsFor?.(scope.accountId) ?? this.options.credentials;
    return {
      region: scope.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      maxAttempts: this.options.maxAttempts ?? 3,
      retryMode: 'adaptive' as const,
    };
  }
}
