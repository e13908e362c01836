import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { ForbiddenError, UnauthenticatedError } from '../../auth/errors';
import type { OperationType } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { AuditLog } from '../../observability/audit';
import { BudgetExceededError, type Budget } from './budget';
import { authorizeCalls, rootFieldCalls } from './document-authz';
import type { CheckedOperation, OperationRequest, QueryLimits } from './query-limits';

/**
 * The one door every operation passes, over HTTP and WebSocket alike, before anything runs:
 * the document checks and cost (query-limits.ts), all-or-nothing authorization of its root
 * fields (document-authz.ts), then the principal's budget is charged the operation's cost
 * (budget.ts). A refusal says why with one status and a few errors; nothing has been executed,
 * no AWS call made.
 */
export interface GateInput {
  request: OperationRequest;
  principal: Principal | undefined;
  /** The budget's key: the principal, or for anonymous callers their address. */
  budgetKey: string;
  requestId: string;
}

export interface AdmittedOperation extends CheckedOperation {
  type: OperationType;
  /** Budget units left after this operation's cost was spent (Infinity when budgets are off). */
  budgetRemaining: number;
}

export interface Refusal {
  /** The HTTP status this refusal maps to. */
  status: 400 | 401 | 403 | 429;
  errors: GraphQLError[];
  /** The operation's type when it was known (for metrics and logs). */
  type?: OperationType;
  retryAfterSeconds?: number;
  cost?: number;
}

export type GateResult = { admitted: AdmittedOperation; refused?: undefined } | { admitted?: undefined; refused: Refusal };

export interface OperationGate {
  admit(input: GateInput): Promise<GateResult>;
}

export interface OperationGateOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  budget: Budget;
  /** Refused mutations are audited (outcome `refused`), like the ones the auth checker refuses. */
  audit?: AuditLog;
  /** Told about each budget refusal (the rate_limited_total counter). */
  onBudgetRefused?: () => void;
}

export function createOperationGate(options: OperationGateOptions): OperationGate {
  const { schema, limits, budget } = options;
  return {
    async admit({ request, principal, budgetKey, requestId }) {
      const checked = limits.check(schema, request);
      if (checked.errors) return { refused: { status: 400, errors: checked.errors, type: checked.operation?.operation as OperationType | undefined } };
      const op = checked.ok;
      const type = op.operation.operation as OperationType;

      const calls = rootFieldCalls(schema, op.document, op.operation, op.variables);
      const denied: Array<ForbiddenError | UnauthenticatedError> = authorizeCalls(principal, type, calls);
      if (denied.length) {
        if (type === 'mutation') {
          // None of them runs: each is audited as refused, with the reason the document was.
          for (const call of calls) options.audit?.mutation({ operation: call.field, args: call.args, principal, requestId, error: denied[0], refused: true });
        }
        return { refused: { status: denied[0].code === 'UNAUTHENTICATED' ? 401 : 403, errors: denied, type } };
      }

      const spent = await budget.spend(budgetKey, op.cost);
      if (!spent.allowed) {
        options.onBudgetRefused?.();
        return { refused: { status: 429, errors: [new BudgetExceededError(spent.retryAfterSeconds, op.cost)], type, retryAfterSeconds: spent.retryAfterSeconds, cost: op.cost } };
      }
      return { admitted: { ...op, type, budgetRemaining: spent.remaining } };
    },
  };
}
