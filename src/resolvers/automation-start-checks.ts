import type { Scope } from '../aws';
import type { ParsedRunbookContent } from '../aws/ssm/mappers';
import { BadUserInputError, NotFoundError, type FieldProblem } from '../errors/gateway-error';
import { runbookKey } from '../loaders/ssm.loaders';
import type { GatewayContext } from '../server/context';
import type { StartAutomationExecutionInput } from '../schema/mutation.type';
import { ssmClientToken, TagLimits, tagProblems } from '../validation/inputs';
import { runbookParameterProblems } from '../validation/runbook-parameters';

/**
 * The checks a runbook start passes before SSM is asked — input shape, then the parameters against
 * the runbook's own declaration (GetDocument), every problem at once. The preview of a start makes
 * the same checks, so a preview that passes is a start that would pass them.
 */
export async function checkStartInput(
  ctx: GatewayContext,
  scope: Scope,
  input: StartAutomationExecutionInput,
  operation: string,
): Promise<{ clientToken: string; content: ParsedRunbookContent }> {
  const problems: FieldProblem[] = [...tagProblems(input.tags, TagLimits.ssm)];
  const clientToken = ssmClientToken(input.clientToken, problems);
  if (!input.documentName.trim()) problems.push({ field: 'documentName', message: 'must not be empty' });
  if (input.targets?.length && !input.targetParameterName) problems.push({ field: 'targetParameterName', message: 'required with targets' });
  if (problems.length) throw new BadUserInputError(`Invalid ${operation} input`, problems);

  const content = await ctx.loaders.scope(scope).runbookContent.load(runbookKey(input.documentName, input.documentVersion));
  if (!content) {
    throw new NotFoundError(`Runbook ${input.documentName}${input.documentVersion ? ` version ${input.documentVersion}` : ''} not found`);
  }
  const paramProblems = runbookParameterProblems(content.parameters, input.parameters ?? [], { suppliedByTargets: input.targetParameterName });
  if (paramProblems.length) throw new BadUserInputError(`Parameters do not match runbook ${input.documentName}`, paramProblems);
  return { clientToken, content };
}
