import type { Request, RequestHandler, Response } from 'express';
import { formatError } from '../format-error';
import { errorCodesOf, type OperationRecorder } from '../request-log';
import { budgetKey, clientAddress, principalOf } from './http';
import type { AdmittedOperation, OperationGate } from './operation-gate';
import type { OperationRequest } from './query-limits';

/** Response headers telling a client what its operation cost and what its budget holds now. */
export const COST_HEADER = 'x-fleetgraph-cost';
export const BUDGET_REMAINING_HEADER = 'x-fleetgraph-budget-remaining';

/**
 * Express middleware (after the JSON body parser, before Apollo): every operation Apollo could
 * execute passes the gate first. It reads the request exactly as Apollo will — a POST's JSON
 * object, or a GET's URL parameters when a CSRF-preflight header makes Apollo accept it — and
 * leaves anything else to Apollo, which refuses what it cannot read (batches, persisted-query
 * hashes and other bodies are off or invalid there).
 */
export function gateHttp(gate: OperationGate, record: OperationRecorder): RequestHandler {
  return (req, res, next) => {
    const request = operationRequestOf(req);
    if (!request) return next();
    // From the request's arrival when known: reading the body is part of what it cost.
    const started = typeof res.locals.receivedAt === 'number' ? res.locals.receivedAt : performance.now();
    const principal = principalOf(res);
    const requestId = String(res.locals.requestId);
    gate.admit({ request, principal, budgetKey: budgetKey(principal, clientAddress(req)), requestId }).then(({ admitted, refused }) => {
      if (admitted) {
        res.locals.admittedOperation = { ...admitted, query: request.query as string };
        res.setHeader(COST_HEADER, String(admitted.cost));
        if (Number.isFinite(admitted.budgetRemaining)) res.setHeader(BUDGET_REMAINING_HEADER, String(admitted.budgetRemaining));
        return next();
      }
      const errors = refused.errors.map((e) => formatError(e.toJSON(), e));
      if (refused.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(refused.retryAfterSeconds));
      res.status(refused.status).type('application/json').send(JSON.stringify({ errors }));
      record({
        transport: 'http',
        requestId,
        principal: principal?.id,
        operationType: refused.type,
        outcome: 'rejected',
        errorCodes: errorCodesOf(errors),
        cost: refused.cost,
        durationMs: performance.now() - started,
      });
    }, next);
  };
}

/** The operation the gate admitted for this request, with its document text (the whole-response cache's key). */
export function admittedOperation(res: Response): (AdmittedOperation & { query: string }) | undefined {
  return res.locals.admittedOperation as (AdmittedOperation & { query: string }) | undefined;
}

/** What Apollo would execute for this request, or undefined when Apollo would refuse it anyway. */
function operationRequestOf(req: Request): OperationRequest | undefined {
  if (req.method === 'POST') {
    const body: unknown = req.body;
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as OperationRequest) : undefined;
  }
  if (req.method !== 'GET') return undefined;
  // Apollo's CSRF prevention refuses a GET operation without one of these headers.
  if (!req.headers['apollo-require-preflight'] && !req.headers['x-apollo-operation-name']) return undefined;
  const params = new URL(req.originalUrl, 'http://localhost').searchParams;
  const query = params.get('query');
  if (query === null) return undefined;
  // Apollo parses `variables` as JSON; a malformed value it refuses itself, so pass it raw.
  let variables: unknown;
  try {
    variables = params.has('variables') ? JSON.parse(params.get('variables') as string) : undefined;
  } catch {
    return undefined;
  }
  return { query, variables, operationName: params.get('operationName') ?? undefined };
}
