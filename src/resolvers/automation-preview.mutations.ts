import { Authorized, Arg, Ctx, Extensions, Mutation, Query, Resolver } from 'type-graphql';
import { isAwsError } from '../aws';
import { ErrorCode } from '../errors/codes';
import { BadUserInputError } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { AutomationPreview, AutomationPreviewPayload } from '../schema/automation-preview.type';
import { StartAutomationExecutionInput } from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { checkStartInput } from './automation-start-checks';
import { toMap } from './automation.mutations';
import { creationScope } from './resource-scope';

@Resolver()
export class AutomationPreviewMutations {
  @Authorized('operator')
  @Mutation(() => AutomationPreviewPayload, {
    description:
      'What startAutomationExecution with the same input would do, and where — its steps, how many change resources, the regions, accounts and resources it would touch — without running anything (SSM StartExecutionPreview). Checked like a start; mode, rate control, tags and clientToken are checked and not needed.',
  })
  // GetDocument (the parameter check), StartExecutionPreview, GetExecutionPreview until it is ready.
  @Extensions({ cost: { awsCalls: 3 } })
  async previewAutomationExecution(
    @Arg('input', () => StartAutomationExecutionInput) input: StartAutomationExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AutomationPreviewPayload> {
    const scope = creationScope(ctx, input);
    const { content } = await checkStartInput(ctx, scope, input, 'previewAutomationExecution');
    const preview = await ctx.aws.ssm(scope).previewExecution({
      documentName: input.documentName,
      documentVersion: input.documentVersion,
      parameters: toMap(input.parameters),
      targetParameterName: input.targetParameterName,
      targets: input.targets,
    });
    return {
      preview: {
        ...preview,
        documentName: input.documentName,
        documentVersion: input.documentVersion ?? null,
        steps: content.steps,
      },
    };
  }

  @Authorized('viewer')
  @Query(() => AutomationPreview, { nullable: true, description: 'An execution preview by id, as SSM has it now (GetExecutionPreview): for one still PENDING or IN_PROGRESS.' })
  automationPreview(
    @Arg('previewId') previewId: string,
    @Arg('accountId', () => String, { nullable: true, description: 'Required when several accounts are served.' }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AutomationPreview | null> {
    if (idProblems('automationExecution', 'previewId', [previewId]).length) {
      throw new BadUserInputError('previewId: not an execution preview id (36-character UUID)', [{ field: 'previewId', message: 'not a UUID' }]);
    }
    return ctx.aws
      .ssm(creationScope(ctx, { accountId, region }))
      .executionPreview(previewId)
      .catch((err: unknown) => {
        if (isAwsError(err, ErrorCode.NOT_FOUND)) return null;
        throw err;
      });
  }
}
