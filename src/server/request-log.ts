import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../observability/logger';
import type { Metrics, OperationOutcome, OperationType } from '../observability/metrics';
import type { GatewayContext } from './context';
import { isExpectedError } from './format-error';

/**
 * One log line and one metric per GraphQL operation, whatever its transport and whether it ran
 * or was refused at the door: request id, transport, principal, type, name, outcome, error codes,
 * cost and duration. Variables are never logged (they can hold MacCredentials); unexpected errors
 * are logged in full here, while the client only sees them masked.
 */
export interface OperationRecord {
  transport: 'http' | 'ws';
  requestId: string;
  principal?: string;
  operationType?: OperationType;
  /** Client-chosen: logged (bounded), never a metric label. */
  operationName?: string;
  outcome: OperationOutcome;
  errorCodes?: string[];
  cost?: number;
  awsCalls?: number;
  durationMs: number;
}

export type OperationRecorder = (record: OperationRecord) => void;

const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export function createOperationRecorder(logger: Logger, metrics: Pick<Metrics, 'operation'>): OperationRecorder {
  // Records are built field by field from values that are safe by construction, so path-based
  // redaction (tens of microseconds a line, noticeable under a flood of refusals) is not needed.
  const log = logger.child({}, { redact: [] });
  return (r) => {
    metrics.operation(r.transport, r.operationType ?? 'unknown', r.outcome, r.durationMs / 1000);
    log.info(
      {
        requestId: r.requestId,
        transport: r.transport,
        principal: r.principal,
        operationType: r.operationType,
        // Names are GraphQL names by the time an operation is identified; anything else is not kept.
        operationName: r.operationName && NAME_RE.test(r.operationName) ? r.operationName : undefined,
        outcome: r.outcome,
        errorCodes: r.errorCodes?.length ? r.errorCodes : undefined,
        cost: r.cost,
        awsCalls: r.awsCalls,
        durationMs: Math.round(r.durationMs),
      },
      'graphql operation',
    );
  };
}

/** Distinct `extensions.code`s of a response's errors. */
export function errorCodesOf(errors: readonly Pick<GraphQLFormattedError, 'extensions'>[] | undefined): string[] {
  return [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
}

/** Logs the full error of anything unexpected (the client gets INTERNAL_SERVER_ERROR). */
export function logUnexpected(logger: Logger, requestId: string, errors: readonly unknown[]): void {
  for (const error of errors) {
    if (!isExpectedError(error)) logger.error({ err: unwrapResolverError(error), path: (error as { path?: unknown }).path, requestId }, 'unexpected error while executing an operation');
  }
}

/** What the HTTP gate learnt about an admitted operation, for its record. */
export interface AdmittedFacts {
  cost: number;
  awsCalls: number;
}

/** Facts ride on the context under a symbol (Apollo runs an operation on a shallow copy of it). */
const FACTS = Symbol('fleetgraph.admittedFacts');

export function attachFacts(context: object, facts: AdmittedFacts): void {
  Object.defineProperty(context, FACTS, { value: facts, enumerable: true, configurable: true });
}

export function factsOf(context: object): AdmittedFacts | undefined {
  return (context as { [FACTS]?: AdmittedFacts })[FACTS];
}

/** What the record said of an executed operation, for the HTTP layer to share (whole-response cache). */
export interface OutcomeNote {
  outcome?: OperationOutcome;
  errorCodes?: string[];
}

const OUTCOME = Symbol('fleetgraph.outcomeNote');

/** The note the record plugin fills in for the operation run with this context. */
export function noteOutcome(context: object): OutcomeNote {
  const note: OutcomeNote = {};
  Object.defineProperty(context, OUTCOME, { value: note, enumerable: true, configurable: true });
  return note;
}

/**
 * Apollo plugin: the record of every operation Apollo executes over HTTP (operations refused at
 * the gate never reach Apollo; the gate records those).
 */
export function operationRecordPlugin(logger: Logger, record: OperationRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async didEncounterErrors({ errors }) {
          logUnexpected(logger, contextValue.requestId, errors);
        },
        async willSendResponse({ operation, operationName, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const facts = factsOf(contextValue);
          const outcome: OperationOutcome = !errors?.length ? 'success' : executed ? 'error' : 'rejected';
          const errorCodes = errorCodesOf(errors);
          const note = (contextValue as { [OUTCOME]?: OutcomeNote })[OUTCOME];
          if (note) Object.assign(note, { outcome, errorCodes });
          record({
            transport: 'http',
            requestId: contextValue.requestId,
            principal: contextValue.principal?.id,
            operationType: operation?.operation,
            operationName: operationName ?? undefined,
            outcome,
            errorCodes,
            cost: facts?.cost,
            awsCalls: facts?.awsCalls,
            durationMs: performance.now() - started,
          });
        },
      };
    },
  };
}
