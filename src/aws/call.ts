import type { Budget } from './budget';
import type { ClientPool } from './clients';
import { toAwsError } from './error-mapping';
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

/**
 * The single send path: budget (queue for a token) → SDK client of the scope → error mapping →
 * call event. Mutations drop the scope's cached reads afterwards, whatever their outcome (a timed
 * out write may still have happened).
 */
export class CallPath {
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly clients: ClientPool,
    private readonly budget: Budget,
    private readonly afterMutation: (scope: Scope) => void,
  ) {}

  async send<C extends AnyCommand>(scope: Scope, service: AwsService, command: C, report: (e: AwsCallEvent) => void, mutating = false): Promise<OutputOf<C>> {
    const action = actionName(command);
    const budgetWaitMs = await this.budget.take(scope, service, action, command.input);
    const client = service === 'ec2' ? this.clients.ec2(scope) : service === 'ssm' ? this.clients.ssm(scope) : this.clients.sts(scope);
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
      throw toAwsError(err, { scope, operation: `${service}:${action}` });
    } finally {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n > 0) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
      if (mutating) this.afterMutation(scope);
    }
  }
}
