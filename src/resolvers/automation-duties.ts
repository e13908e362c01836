import { createHash } from 'node:crypto';
import { hasRole, SeparationOfDutiesError, type Principal } from '../auth';
import type { TagValue } from '../aws/ec2/writes';
import type { FieldProblem } from '../errors/gateway-error';
import type { TagInput } from '../schema/common.type';
import type { AutomationParameterInput } from '../schema/mutation.type';
import type { GatewayContext } from '../server/context';
import type { Scope } from '../aws';

/**
 * Separation of duties for runbooks (issue 12): whoever starts a run may not also approve it.
 * SSM records `ExecutedBy` as the gateway's own role, so the gateway records the principal
 * itself, as a tag set at start (`fleetgraph:startedBy`, a hash of the principal id: AWS tags
 * name no key or user) and read back with ListTagsForResource when an approval comes in.
 */
export const STARTED_BY_TAG = 'fleetgraph:startedBy';
/** AWS allows 5 tags on an automation; the gateway's own takes one. */
export const MAX_CLIENT_AUTOMATION_TAGS = 4;
const ASSUME_ROLE_PARAMETER = 'AutomationAssumeRole';

export function startedByValue(principal: Pick<Principal, 'id'>): string {
  return createHash('sha256').update(principal.id).digest('hex').slice(0, 32);
}

/** The tags a start sends: the client's, then who started it. */
export function startTags(tags: TagInput[] | null | undefined, principal: Principal | undefined): TagValue[] | undefined {
  const own = principal ? [{ key: STARTED_BY_TAG, value: startedByValue(principal) }] : [];
  const all = [...(tags ?? []).map((t) => ({ key: t.key, value: t.value })), ...own];
  return all.length ? all : undefined;
}

/**
 * What a start may not ask for: the gateway's own tag (a client could claim someone else started
 * it), more tags than leave room for it, or an AutomationAssumeRole outside the allow-list. Values
 * are never echoed: the problem names the field only.
 */
export function startDutyProblems(input: { tags?: TagInput[] | null; parameters?: AutomationParameterInput[] | null }, allowedRoleArns: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const tags = input.tags ?? [];
  if (tags.length > MAX_CLIENT_AUTOMATION_TAGS) {
    problems.push({ field: 'tags', message: `at most ${MAX_CLIENT_AUTOMATION_TAGS} tags (AWS allows 5 on an automation; the gateway adds ${STARTED_BY_TAG})` });
  }
  tags.forEach((t, i) => {
    if (t.key.toLowerCase().startsWith('fleetgraph:')) problems.push({ field: `tags[${i}].key`, message: 'the fleetgraph: prefix is reserved for the gateway' });
  });
  if (allowedRoleArns.length) {
    const allowed = new Set(allowedRoleArns);
    for (const p of input.parameters ?? []) {
      if (p.name !== ASSUME_ROLE_PARAMETER) continue;
      if (!p.values.length || p.values.some((v) => !allowed.has(v))) {
        problems.push({ field: `parameters.${ASSUME_ROLE_PARAMETER}`, message: 'is not one of the roles allowed by FLEETGRAPH_AUTOMATION_ROLE_ARNS' });
      }
    }
  }
  return problems;
}

/**
 * Approve/Reject of a run the same principal started is refused unless the principal is admin.
 * Runs started outside the gateway carry no tag: the rule cannot know, so it does not refuse.
 */
export async function assertMayDecide(ctx: GatewayContext, scope: Scope, executionId: string): Promise<void> {
  const principal = ctx.principal;
  if (!principal || hasRole(principal, 'admin')) return;
  const tags = await ctx.aws.ssm(scope).executionTags(executionId);
  const startedBy = tags.find((t) => t.key === STARTED_BY_TAG)?.value;
  if (startedBy !== undefined && startedBy === startedByValue(principal)) throw new SeparationOfDutiesError(executionId);
}
