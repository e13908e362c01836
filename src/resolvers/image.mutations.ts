import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { Scope } from '../aws';
import type { ScopeLoaders } from '../loaders';
import type { DryRunResult } from '../schema/mutation.type';
import { isAwsError } from '../aws';
import { BadUserInputError, PreconditionFailedError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { LaunchPermissionGroup } from '../schema/enums';
import { ImageBlockPublicAccessState } from '../schema/image-governance.type';
import { EnableImageImdsV2Input, ImagePayload, ModifyImageLaunchPermissionsInput, SetImageDescriptionInput } from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { launchPermissionSpecs } from '../validation/launch-permissions';
import { scopeHolding } from './resource-scope';

const MAX_DESCRIPTION = 255;

/**
 * An image mutation acts on an AMI where it is owned: an AMI shared with other served accounts is
 * visible in their scopes too, but only its owner may change it.
 */
export const onImage = (imageId: string) => ({
  label: `image ${imageId}`,
  load: (l: ScopeLoaders) => l.image.load(imageId),
  prefer: (image: { ownerId: string }, scope: Scope) => image.ownerId === scope.accountId,
});

@Resolver()
export class ImageMutations {
  @Authorized('operator')
  @Mutation(() => ImagePayload, {
    description: 'Add and/or remove launch permissions in one call. Adding group ALL makes the AMI public and needs confirmPublic: true.',
  })
  async modifyImageLaunchPermissions(
    @Arg('input', () => ModifyImageLaunchPermissionsInput) input: ModifyImageLaunchPermissionsInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    const add = launchPermissionSpecs(input.add, 'add', problems);
    const remove = launchPermissionSpecs(input.remove, 'remove', problems);
    if (!add.length && !remove.length) problems.push({ field: 'add', message: 'give at least one launch permission to add or remove' });
    if (input.add?.some((p) => p.group === LaunchPermissionGroup.ALL) && !input.confirmPublic) {
      problems.push({ field: 'confirmPublic', message: 'adding group ALL makes this AMI public to every AWS account: set confirmPublic: true to do it' });
    }
    if (problems.length) throw new BadUserInputError('Invalid modifyImageLaunchPermissions input', problems);
    const scope = await scopeHolding(ctx, info, input, onImage(input.imageId));
    if (add.some((p) => p.group === LaunchPermissionGroup.ALL)) await assertPublicSharingAllowed(ctx, scope);
    const { dryRun } = await ctx.aws.ec2(scope).modifyImageLaunchPermissions(input.imageId, { add, remove }, { dryRun: input.dryRun });
    return imagePayload(ctx, scope, input.imageId, dryRun);
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload)
  async setImageDescription(
    @Arg('input', () => SetImageDescriptionInput) input: SetImageDescriptionInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    if (input.description.length > MAX_DESCRIPTION) problems.push({ field: 'description', message: `at most ${MAX_DESCRIPTION} characters` });
    if (problems.length) throw new BadUserInputError('Invalid setImageDescription input', problems);
    const scope = await scopeHolding(ctx, info, input, onImage(input.imageId));
    const { dryRun } = await ctx.aws.ec2(scope).setImageDescription(input.imageId, input.description, { dryRun: input.dryRun });
    return imagePayload(ctx, scope, input.imageId, dryRun);
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload, { description: 'Require IMDSv2 for instances launched from this AMI. Irreversible: needs confirmIrreversible: true.' })
  async enableImageImdsV2(
    @Arg('input', () => EnableImageImdsV2Input) input: EnableImageImdsV2Input,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    if (input.confirmIrreversible !== true) {
      problems.push({ field: 'confirmIrreversible', message: 'IMDSv2-only cannot be turned off again on this AMI: set confirmIrreversible: true to do it' });
    }
    if (problems.length) throw new BadUserInputError('Invalid enableImageImdsV2 input', problems);
    const scope = await scopeHolding(ctx, info, input, onImage(input.imageId));
    const { dryRun } = await ctx.aws.ec2(scope).enableImageImdsV2(input.imageId, { dryRun: input.dryRun });
    return imagePayload(ctx, scope, input.imageId, dryRun);
  }
}

/**
 * The write dropped the scope's shared cache; drop this operation's loader entries too, so the
 * payload (and anything after it in this request) shows the change.
 */
export async function imagePayload(ctx: GatewayContext, scope: Scope, imageId: string, dryRun: DryRunResult | null): Promise<ImagePayload> {
  if (dryRun) return { image: null, dryRun };
  const loaders = ctx.loaders.scope(scope);
  loaders.image.clear(imageId);
  loaders.launchPermissions.clear(imageId);
  return { image: await loaders.image.load(imageId), dryRun: null };
}

/**
 * Making an AMI public while block public access for AMIs is on would only earn AWS's
 * OperationNotPermitted: say so before asking, naming the setting. AWS stays the judge when the
 * setting cannot be read (an older endpoint, a policy without GetImageBlockPublicAccessState).
 */
async function assertPublicSharingAllowed(ctx: GatewayContext, scope: Scope): Promise<void> {
  let state: ImageBlockPublicAccessState;
  try {
    state = (await ctx.aws.ec2(scope).imageBlockPublicAccess()).state;
  } catch (err) {
    if (isAwsError(err)) return;
    throw err;
  }
  if (state === ImageBlockPublicAccessState.BLOCK_NEW_SHARING) {
    throw new PreconditionFailedError(
      `Block public access for AMIs is on in ${scope.accountId} / ${scope.region} (imageBlockPublicAccess: BLOCK_NEW_SHARING): no AMI can be made public here. ` +
        'Turn it off first with setImageBlockPublicAccess(input: { state: UNBLOCKED }) (admin; AWS takes up to 10 minutes to apply it).',
      { setting: 'imageBlockPublicAccess', state },
    );
  }
}
