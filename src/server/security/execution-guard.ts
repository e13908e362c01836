import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getNamedType,
  isLeafType,
  isObjectType,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode } from '../../errors/codes';
import { GatewayError } from '../../errors/gateway-error';
import type { ExecutionLimitsConfig } from '../../config';
import type { OperationAbort } from '../../observability/metrics';
import { formatError } from '../format-error';

/**
 * Bounds on one running operation, whatever the estimate said: the size of its response and its
 * time. Every field resolver of the schema is wrapped once; while an operation runs under a guard
 * (keyed by its context object) each resolved value is added to a running count of response
 * bytes, and each field checks the deadline. Past either bound the guard trips: every field
 * still to resolve fails at once without running (no more AWS calls), pending ones stop being
 * awaited, and the response becomes one clear error — RESPONSE_TOO_LARGE or OPERATION_TIMEOUT —
 * instead of a partial answer. Mutation fields already running are awaited: their AWS write
 * cannot be taken back, and what they did must be reported.
 */
export class OperationLimitError extends GatewayError {
  constructor(readonly reason: OperationAbort, limits: ExecutionLimitsConfig) {
    super(
      reason === 'timeout' ? ErrorCode.OPERATION_TIMEOUT : ErrorCode.RESPONSE_TOO_LARGE,
      reason === 'timeout'
        ? `Operation stopped: it ran longer than ${limits.maxExecutionMs} ms. Ask for fewer items or fields.`
        : `Operation stopped: its response would exceed ${limits.maxResponseBytes} bytes. Ask for fewer items or fields, or page with \`first\`/\`after\`.`,
      reason === 'timeout' ? { maxExecutionMs: limits.maxExecutionMs } : { maxResponseBytes: limits.maxResponseBytes },
    );
    this.name = 'OperationLimitError';
  }
}

class Guard {
  bytes = 0;
  tripped?: OperationLimitError;
  private readonly deadline: number;
  private timer?: NodeJS.Timeout;
  private deadlinePromise?: Promise<never>;

  constructor(
    readonly limits: ExecutionLimitsConfig,
    private readonly onAbort?: (reason: OperationAbort) => void,
  ) {
    this.deadline = Date.now() + limits.maxExecutionMs;
  }

  trip(reason: OperationAbort): OperationLimitError {
    if (!this.tripped) {
      this.tripped = new OperationLimitError(reason, this.limits);
      this.onAbort?.(reason);
    }
    return this.tripped;
  }

  check(): void {
    if (this.tripped) throw this.tripped;
    if (Date.now() >= this.deadline) throw this.trip('timeout');
  }

  add(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxResponseBytes) throw this.trip('response_too_large');
  }

  /** Rejects at the deadline (one timer per operation, made on its first asynchronous field). */
  expiry(): Promise<never> {
    if (!this.deadlinePromise) {
      this.deadlinePromise = new Promise<never>((_, reject) => {
        this.timer = setTimeout(() => reject(this.trip('timeout')), Math.max(0, this.deadline - Date.now()));
        this.timer.unref();
      });
      this.deadlinePromise.catch(() => undefined);
    }
    return this.deadlinePromise;
  }

  /** Set once the operation's answer is decided: later resolutions (none, normally) run unguarded. */
  finished = false;

  finish(): OperationLimitError | undefined {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    return this.tripped;
  }
}

/**
 * The guard rides on the context object under a symbol: Apollo hands resolvers a shallow copy of
 * the context it was given, and a copy keeps its enumerable symbol properties.
 */
const GUARD = Symbol('fleetgraph.executionGuard');

function guardOf(context: unknown): Guard | undefined {
  return context && typeof context === 'object' ? (context as { [GUARD]?: Guard })[GUARD] : undefined;
}

/** Starts guarding the operation that runs with this context object. */
export function startGuard(context: object, limits: ExecutionLimitsConfig, onAbort?: (reason: OperationAbort) => void): void {
  Object.defineProperty(context, GUARD, { value: new Guard(limits, onAbort), enumerable: true, configurable: true });
}

/** Stops guarding; returns the error the operation was stopped with, if it was. */
export function finishGuard(context: object): OperationLimitError | undefined {
  return guardOf(context)?.finish();
}

/** Approximate JSON size of one resolved value (keys and punctuation included). */
function valueBytes(value: unknown, leaf: boolean): number {
  if (value === null || value === undefined) return 4;
  if (Array.isArray(value)) {
    let n = 2 + value.length;
    if (leaf) for (const v of value) n += valueBytes(v, true);
    return n;
  }
  if (!leaf) return 2;
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (value instanceof Date) return 26;
  // A JSON-like scalar: its serialised length, computed once.
  return JSON.stringify(value)?.length ?? 4;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** Wraps every field resolver of the schema (once: the schema is the gateway's own). */
export function guardSchema(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const leaf = isLeafType(getNamedType(field.type));
      const mutating = type === mutationType;
      field.resolve = (source, args, context, info: GraphQLResolveInfo) => {
        const guard = guardOf(context);
        if (!guard || guard.finished) return resolve(source, args, context, info);
        guard.check();
        const key = (info.fieldNodes[0]?.alias?.value ?? info.fieldName).length + 4;
        const result = resolve(source, args, context, info);
        if (!isPromiseLike(result)) {
          guard.add(key + valueBytes(result, leaf));
          return result;
        }
        const counted = Promise.resolve(result).then((value) => {
          guard.add(key + valueBytes(value, leaf));
          return value;
        });
        return mutating ? counted : Promise.race([counted, guard.expiry()]);
      };
    }
  }
}

/**
 * The response of an operation the guard stopped: one error saying why. A query's partial data
 * is dropped (it would mislead); a mutation keeps what it did, with the error first.
 */
export function limitResponse<T extends Pick<ExecutionResult, 'data'> & { errors?: readonly GraphQLFormattedError[] }>(
  result: T,
  error: OperationLimitError,
  operationType: string | undefined,
): { data?: T['data']; errors: GraphQLFormattedError[] } {
  const first = formatError(error.toJSON(), error);
  const others = (result.errors ?? []).filter((e) => e.extensions?.code !== first.extensions?.code).slice(0, 4);
  return operationType === 'mutation' ? { data: result.data, errors: [first, ...others] } : { errors: [first] };
}

/** Apollo plugin: answers with limitResponse when the guard stopped the operation (HTTP). */
export function executionGuardPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ response, operation }) {
          const error = finishGuard(contextValue);
          if (!error || response.body.kind !== 'single') return;
          response.body.singleResult = limitResponse(response.body.singleResult, error, operation?.operation) as typeof response.body.singleResult;
        },
      };
    },
  };
}
