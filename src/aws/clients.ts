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
}

/** One EC2 and one SSM client per region, created on first use and reused (they pool sockets). */
export class ClientFactory {
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly ssmClients = new Map<string, SSMClient>();

  constructor(private readonly options: ClientFactoryOptions = {}) {}

  ec2(region: string): EC2Client {
    let client = this.ec2Clients.get(region);
    if (!client) {
      client = new EC2Client({ region, ...this.common() });
      this.ec2Clients.set(region, client);
    }
    return client;
  }

  ssm(region: string): SSMClient {
    let client = this.ssmClients.get(region);
    if (!client) {
      client = new SSMClient({ region, ...this.common() });
      this.ssmClients.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const c of this.ec2Clients.values()) c.destroy();
    for (const c of this.ssmClients.values()) c.destroy();
    this.ec2Clients.clear();
    this.ssmClients.clear();
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
