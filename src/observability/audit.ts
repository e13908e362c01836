import { defaultFieldResolver, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Principal } from '../auth/principal';
import { AwsError } from '../aws/errors';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { Logger } from './logger';

/**
 * The audit trail: one structured event per mutation, including refused ones. Fields are copied
 * from arguments and results by WHITELIST: a new input field (credentials, passwords, payloads)
 * can never reach the audit log unless someone adds it here on purpose.
 */
export type AuditOutcome = 'success' | 'dry-run' | 'refused' | 'error';

export const AUDIT_TARGET_KEYS = ['instanceId', 'imageId', 'executionId', 'documentName', 'taskId', 'hostId'] as const;
export type AuditTargetKey = (typeof AUDIT_TARGET_KEYS)[number];
/** Ids of what a mutation aimed at; `instanceIds` for the calls that take several (start/stop/reboot). */
export type AuditTargetIds = Partial<Record<AuditTargetKey, string>> & { instanceIds?: string[] };

/** At most this many ids of one list are kept in an audit event (AWS takes 200 at a time). */
const MAX_TARGET_IDS = 200;

export interface AuditEvent {
  event: 'mutation';
  principal: { id: string; name: string; kind: Principal['kind'] } | null;
  /** The Mutation field name, e.g. `createMacSipModificationTask`. */
  operation: string;
  targetIds: AuditTargetIds;
  clientToken?: string;
  dryRun: boolean;
  outcome: AuditOutcome;
  errorCode?: string;
  awsRequestId?: string;
  requestId?: string;
  durationMs?: number;
}

/** What the audit needs from the GraphQL context; every field optional so any context fits. */
export interface AuditContext {
  requestId?: string;
  principal?: Principal;
  /** The request id of the last AWS call this operation made, if the context tracks it. */
  lastAwsRequestId?: () => string | undefined;
}

export interface MutationAttempt {
  operation: string;
  args: Record<string, unknown> | null | undefined;
  principal?: Principal | null;
  requestId?: string;
  result?: unknown;
  error?: unknown;
  /** Refused by the gateway's own policy (authentication/role), before anything ran. */
  refused?: boolean;
  awsRequestId?: string;
  durationMs?: number;
}

const MAX_VALUE_LENGTH = 256;

export class AuditLog {
  private readonly logger: Logger;
  /** Errors already recorded (the auth checker's refusals), so the field's own audit skips them. */
  private readonly recordedErrors = new WeakSet<object>();

  constructor(logger: Logger) {
    this.logger = logger.child({ audit: true });
  }

  record(event: AuditEvent): void {
    this.logger.info(event, `audit ${event.operation} ${event.outcome}`);
  }

  /** Builds the event from a mutation attempt (whitelisted fields only) and records it. */
  mutation(attempt: MutationAttempt): AuditEvent {
    const event = buildAuditEvent(attempt);
    if (attempt.error !== null && typeof attempt.error === 'object') this.recordedErrors.add(attempt.error);
    this.record(event);
    return event;
  }

  /** True when this error's attempt is already in the audit log. */
  hasRecorded(error: unknown): boolean {
    return error !== null && typeof error === 'object' && this.recordedErrors.has(error);
  }
}

export function buildAuditEvent(attempt: MutationAttempt): AuditEvent {
  const input = asRecord(attempt.args?.input);
  const result = asRecord(attempt.result);
  const targetIds: AuditTargetIds = {};
  for (const key of AUDIT_TARGET_KEYS) {
    const v = safeString(input?.[key]);
    if (v) targetIds[key] = v;
  }
  const instanceIds = Array.isArray(input?.instanceIds) ? input.instanceIds.slice(0, MAX_TARGET_IDS).map(safeString).filter((v): v is string => v !== undefined) : [];
  if (instanceIds.length) targetIds.instanceIds = instanceIds;
  // Results name what was created: the task or execution id only exists after the call.
  const task = asRecord(result?.task);
  const execution = asRecord(result?.execution);
  const image = asRecord(result?.image);
  setIfAbsent(targetIds, 'taskId', task?.id);
  setIfAbsent(targetIds, 'instanceId', task?.instanceId);
  setIfAbsent(targetIds, 'executionId', execution?.id);
  setIfAbsent(targetIds, 'documentName', execution?.documentName);
  setIfAbsent(targetIds, 'imageId', image?.id);

  const dryRun = input?.dryRun === true;
  const errorCode = attempt.error === undefined ? undefined : errorCodeOf(attempt.error);
  let outcome: AuditOutcome;
  if (attempt.refused || errorCode === ErrorCode.UNAUTHENTICATED || (errorCode === ErrorCode.FORBIDDEN && isGatewayPolicyError(attempt.error))) {
    outcome = 'refused';
  } else if (attempt.error !== undefined) {
    outcome = 'error';
  } else {
    outcome = dryRun || (result?.dryRun !== undefined && result.dryRun !== null) ? 'dry-run' : 'success';
  }

  const event: AuditEvent = {
    event: 'mutation',
    principal: attempt.principal ? { id: attempt.principal.id, name: attempt.principal.name, kind: attempt.principal.kind } : null,
    operation: attempt.operation,
    targetIds,
    dryRun,
    outcome,
  };
  const clientToken = safeString(input?.clientToken) ?? safeString(result?.clientToken);
  if (clientToken) event.clientToken = clientToken;
  if (errorCode) event.errorCode = errorCode;
  const awsRequestId = safeString(attempt.awsRequestId) ?? awsRequestIdOf(attempt.error);
  if (awsRequestId) event.awsRequestId = awsRequestId;
  if (attempt.requestId) event.requestId = attempt.requestId;
  if (attempt.durationMs !== undefined) event.durationMs = Math.round(attempt.durationMs);
  return event;
}

/**
 * Audits every Mutation root field, successful or not, by wrapping those resolvers once on the
 * built schema. Only root mutation fields are wrapped: a type-graphql global middleware would run
 * on every field of every query (and make each one asynchronous) to audit a handful. Refusals
 * by `@Authorized` are recorded by the auth checker as they happen; they pass through here
 * already recorded and are not recorded twice.
 */
export function auditMutations(schema: GraphQLSchema, audit: AuditLog): void {
  const mutationType = schema.getMutationType();
  if (!mutationType) return;
  for (const field of Object.values(mutationType.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args: Record<string, unknown>, context: AuditContext, info) => {
      const started = performance.now();
      const base = { operation: info.fieldName, args, principal: context.principal, requestId: context.requestId };
      try {
        const result: unknown = await resolve(source, args, context, info);
        audit.mutation({ ...base, result, awsRequestId: context.lastAwsRequestId?.(), durationMs: performance.now() - started });
        return result;
      } catch (error) {
        if (!audit.hasRecorded(error)) audit.mutation({ ...base, error, awsRequestId: context.lastAwsRequestId?.(), durationMs: performance.now() - started });
        throw error;
      }
    };
  }
}

function errorCodeOf(err: unknown): string {
  if (err instanceof GatewayError || err instanceof AwsError) return err.code;
  const code = (err as GraphQLError | undefined)?.extensions?.code;
  if (typeof code === 'string') return code;
  // type-graphql's argument validation failures are input errors.
  if ((err as Error | undefined)?.name === 'ArgumentValidationError') return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

/** FORBIDDEN from AWS (UnauthorizedOperation) is an error; FORBIDDEN from our role policy is a refusal. */
function isGatewayPolicyError(err: unknown): boolean {
  return err instanceof GatewayError && typeof err.extensions.requiredRole === 'string';
}

function awsRequestIdOf(err: unknown): string | undefined {
  if (err instanceof AwsError) return safeString(err.requestId);
  if (err instanceof GatewayError) return safeString(err.extensions.requestId);
  return undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function safeString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_VALUE_LENGTH) : undefined;
}

function setIfAbsent(target: AuditTargetIds, key: AuditTargetKey, value: unknown): void {
  const v = safeString(value);
  if (v && !target[key]) target[key] = v;
}
