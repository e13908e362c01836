import type { Budget } from './budget';
import type { ClientPool } from './clients';
import { toAwsError } from './error-mapping';
import { AwsError } from './errors';
import type { AwsCallEvent, AwsService } from './events';
import { scopeKey, type Scope } from './scope';

/** A v3 command as far as this layer cares: its class name is the action, its input the request. */
export interface AnyCommand {
  readonly input: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolveMiddleware(...args: any[]): unknown;
}

/** The output type a v3 command resolves to (from its middleware handler signature). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutputOf<C> = C extends { resolveMiddleware(...args: any[]): (...a: any[]) => Promise<{ output: infer O }> } ? O : never;

export function actionName(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

/** AWS's answers to a session past its expiry: EC2, SSM/Organizations, STS. */
const EXPIRED_SESSION_CODES = new Set(['RequestExpired', 'ExpiredTokenException', 'ExpiredToken']);

export interface CallPathOptions {
  /** Drop an account's assumed-role credentials used since `usedSince` (epoch ms); true when there are some to renew (see RoleCredentials). */
  renewCredentials?: (accountId: string, usedSince: number) => boolean;
}

/**
 * The single send path: budget (queue for a token) → SDK client of the scope → error mapping →
 * call event. Mutations drop the scope's cached reads afterwards, whatever their outcome (a timed
 * out write may still have happened). An assumed role's session that AWS calls expired is dropped
 * and the call retried once with a fresh one.
 */
export class CallPath {
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly clients: ClientPool,
    private readonly budget: Budget,
    private readonly afterMutation: (scope: Scope) => void,
    private readonly options: CallPathOptions = {},
  ) {}

  async send<C extends AnyCommand>(scope: Scope, service: AwsService, command: C, report: (e: AwsCallEvent) => void, mutating = false): Promise<OutputOf<C>> {
    const startedAt = Date.now();
    try {
      return await this.sendOnce(scope, service, command, report, mutating);
    } catch (err) {
      if (!isExpiredSession(err) || !this.options.renewCredentials?.(scope.accountId, startedAt)) throw err;
      return this.sendOnce(scope, service, command, report, mutating);
    }
  }

  private async sendOnce<C extends AnyCommand>(scope: Scope, service: AwsService, command: C, report: (e: AwsCallEvent) => void, mutating: boolean): Promise<OutputOf<C>> {
    const action = actionName(command);
    const budgetWaitMs = await this.budget.take(scope, service, action, command.input);
    const client = this.client(scope, service);
    const key = `${scopeKey(scope)}|${service}:${action}`;
    const concurrent = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, concurrent);
    const base = { service, action, region: scope.region, accountId: scope.accountId, mutating, budgetWaitMs, concurrent };
    const started = performance.now();
    try {
      // The SDK's send() is overloaded per command; this layer is generic over them.
      const out = (await (client as unknown as { send(c: unknown): Promise<OutputOf<C>> }).send(command)) as OutputOf<C>;
      const meta = (out as { $metadata?: { requestId?: string; attempts?: number } }).$metadata;
      report({ ...base, outcome: 'ok', durationMs: performance.now() - started, awsRequestId: meta?.requestId, attempts: meta?.attempts });
      return out;
    } catch (err) {
      const meta = (err as { $metadata?: { requestId?: string; attempts?: number } }).$metadata;
      report({ ...base, outcome: 'error', errorCode: (err as { name?: string }).name, durationMs: performance.now() - started, awsRequestId: meta?.requestId, attempts: meta?.attempts });
      // A credentials provider's failure (AssumeRole denied) knows its account, not the scope it was needed in.
      throw inScope(toAwsError(err, { scope, operation: `${service}:${action}` }), scope);
    } finally {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n > 0) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
      if (mutating) this.afterMutation(scope);
    }
  }

  private client(scope: Scope, service: AwsService) {
    switch (service) {
      case 'ec2':
        return this.clients.ec2(scope);
      case 'ssm':
        return this.clients.ssm(scope);
      case 'sts':
        return this.clients.sts(scope);
      case 'organizations':
        return this.clients.organizations(scope);
    }
  }
}

function isExpiredSession(err: unknown): boolean {
  return err instanceof AwsError && EXPIRED_SESSION_CODES.has(err.awsCode);
}

function inScope(err: unknown, scope: Scope): unknown {
  if (!(err instanceof AwsError) || err.scope) return err;
  return new AwsError(err.code, err.message, { awsCode: err.awsCode, requestId: err.requestId, httpStatus: err.httpStatus, operation: err.operation, retryAfterMs: err.retryAfterMs, scope });
}
