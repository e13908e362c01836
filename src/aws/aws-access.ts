import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ClientFactory } from './clients';
import { toGatewayError } from './error-mapping';
import { ResponseCache } from './response-cache';

/** What every AWS call reports, for metrics and tests. Never carries request parameters. */
export interface AwsCallEvent {
  service: 'ec2' | 'ssm';
  action: string;
  region: string;
  outcome: 'ok' | 'error' | 'cached';
  errorCode?: string;
  durationMs: number;
  /** A mutating call (write) rather than a read. */
  mutating?: boolean;
  /** AWS's request id (for the audit log), when AWS answered. */
  awsRequestId?: string;
  /** SDK attempts it took (retries on throttling/5xx/network), for aws_retries_total. */
  attempts?: number;
}

/** A v3 command as far as this layer cares: its class name is the action, its input the request. */
interface AnyCommand {
  readonly input: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolveMiddleware(...args: any[]): unknown;
}

/** The output type a v3 command resolves to (from its middleware handler signature). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutputOf<C> = C extends { resolveMiddleware(...args: any[]): (...a: any[]) => Promise<{ output: infer O }> } ? O : never;

type ClientOf<S extends 'ec2' | 'ssm'> = S extends 'ec2' ? EC2Client : SSMClient;

/**
 * The single door to AWS: picks the regional client, coalesces identical reads across requests,
 * maps AWS errors to stable GraphQL errors and reports every call.
 */
export class AwsAccess {
  constructor(
    readonly clients: ClientFactory,
    private readonly cache: ResponseCache,
    private readonly onCall: (e: AwsCallEvent) => void = () => {},
  ) {}

  /** The same access (clients, cache) with one more observer: e.g. one request's audit trail. */
  withObserver(observer: (e: AwsCallEvent) => void): AwsAccess {
    return new AwsAccess(this.clients, this.cache, (e) => {
      this.onCall(e);
      observer(e);
    });
  }

  /** A describe/get call: safe to share between concurrent requests and to cache briefly. */
  read<S extends 'ec2' | 'ssm', C extends AnyCommand>(service: S, region: string, command: C): Promise<OutputOf<C>> {
    const action = actionName(command);
    const key = `${region}|${service}|${action}|${stableJson(command.input)}`;
    let loaded = false;
    const result = this.cache.get(key, () => {
      loaded = true;
      return this.send<S, OutputOf<C>>(service, region, command, action);
    });
    if (!loaded) this.onCall({ service, action, region, outcome: 'cached', durationMs: 0 });
    return result;
  }

  /** A mutating call: never cached; afterwards the region's cached reads are dropped. */
  async write<S extends 'ec2' | 'ssm', C extends AnyCommand>(service: S, region: string, command: C): Promise<OutputOf<C>> {
    try {
      return await this.send<S, OutputOf<C>>(service, region, command, actionName(command), true);
    } finally {
      this.cache.invalidate(`${region}|`);
    }
  }

  private async send<S extends 'ec2' | 'ssm', Out>(service: S, region: string, command: AnyCommand, action: string, mutating = false): Promise<Out> {
    const client = (service === 'ec2' ? this.clients.ec2(region) : this.clients.ssm(region)) as ClientOf<S>;
    const started = performance.now();
    try {
      // The SDK's send() is overloaded per command; this layer is generic over them.
      const out = (await (client as unknown as { send(c: unknown): Promise<Out> }).send(command)) as Out;
      const meta = (out as { $metadata?: { requestId?: string; attempts?: number } }).$metadata;
      this.onCall({ service, action, region, outcome: 'ok', durationMs: performance.now() - started, mutating, awsRequestId: meta?.requestId, attempts: meta?.attempts });
      return out;
    } catch (err) {
      const mapped = toGatewayError(err, `${service}:${action}`);
      this.onCall({
        service,
        action,
        region,
        outcome: 'error',
        errorCode: (err as { name?: string }).name,
        durationMs: performance.now() - started,
        mutating,
        awsRequestId: (err as { $metadata?: { requestId?: string } }).$metadata?.requestId,
        attempts: (err as { $metadata?: { attempts?: number } }).$metadata?.attempts,
      });
      throw mapped;
    }
  }
}

function actionName(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

/** JSON with sorted keys, so equal inputs give equal cache keys whatever the property order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
