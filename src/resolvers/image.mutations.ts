import { ModifyImageAttributeCommand, type ModifyImageAttributeCommandInput } from '@aws-sdk/client-ec2';
import { Authorized, Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { dryRunResult } from '../aws/dry-run';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { LaunchPermissionGroup } from '../schema/enums';
import { EnableImageImdsV2Input, ImagePayload, ModifyImageLaunchPermissionsInput, SetImageDescriptionInput } from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { toEc2LaunchPermissions } from '../validation/launch-permissions';

const MAX_DESCRIPTION = 255;

@Resolver()
export class ImageMutations {
  @Authorized('operator')
  @Mutation(() => ImagePayload, {
    description: 'Add and/or remove launch permissions in one call. Adding group ALL makes the AMI public and needs confirmPublic: true.',
  })
  async modifyImageLaunchPermissions(
    @Arg('input', () => ModifyImageLaunchPermissionsInput) input: ModifyImageLaunchPermissionsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    const Add = toEc2LaunchPermissions(input.add, 'add', problems);
    const Remove = toEc2LaunchPermissions(input.remove, 'remove', problems);
    if (!Add.length && !Remove.length) problems.push({ field: 'add', message: 'give at least one launch permission to add or remove' });
    if (input.add?.some((p) => p.group === LaunchPermissionGroup.ALL) && !input.confirmPublic) {
      problems.push({ field: 'confirmPublic', message: 'adding group ALL makes this AMI public to every AWS account: set confirmPublic: true to do it' });
    }
    const region = ctx.region(input.region);
    if (problems.length) throw new BadUserInputError('Invalid modifyImageLaunchPermissions input', problems);
    return this.modify(ctx, region, input.dryRun, {
      ImageId: input.imageId,
      LaunchPermission: { ...(Add.length ? { Add } : {}), ...(Remove.length ? { Remove } : {}) },
    });
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload)
  async setImageDescription(@Arg('input', () => SetImageDescriptionInput) input: SetImageDescriptionInput, @Ctx() ctx: GatewayContext): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    if (input.description.length > MAX_DESCRIPTION) problems.push({ field: 'description', message: `at most ${MAX_DESCRIPTION} characters` });
    const region = ctx.region(input.region);
    if (problems.length) throw new BadUserInputError('Invalid setImageDescription input', problems);
    return this.modify(ctx, region, input.dryRun, { ImageId: input.imageId, Description: { Value: input.description } });
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload, { description: 'Require IMDSv2 for instances launched from this AMI. Irreversible: needs confirmIrreversible: true.' })
  async enableImageImdsV2(@Arg('input', () => EnableImageImdsV2Input) input: EnableImageImdsV2Input, @Ctx() ctx: GatewayContext): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    if (input.confirmIrreversible !== true) {
      problems.push({ field: 'confirmIrreversible', message: 'IMDSv2-only cannot be turned off again on this AMI: set confirmIrreversible: true to do it' });
    }
    const region = ctx.region(input.region);
    if (problems.length) throw new BadUserInputError('Invalid enableImageImdsV2 input', problems);
    return this.modify(ctx, region, input.dryRun, { ImageId: input.imageId, ImdsSupport: { Value: 'v2.0' } });
  }

  private async modify(ctx: GatewayContext, region: string, dryRun: boolean, params: ModifyImageAttributeCommandInput): Promise<ImagePayload> {
    if (dryRun) {
      return { image: null, dryRun: await dryRunResult(() => ctx.aws.write('ec2', region, new ModifyImageAttributeCommand({ ...params, DryRun: true }))) };
    }
    await ctx.aws.write('ec2', region, new ModifyImageAttributeCommand(params));
    // The write dropped the shared cache; drop this operation's loader entries too, so the
    // payload (and anything after it in this request) shows the change.
    const loaders = ctx.loaders.region(region);
    const imageId = params.ImageId as string;
    loaders.image.clear(imageId);
    loaders.launchPermissions.clear(imageId);
    return { image: await loaders.image.load(imageId), dryRun: null };
  }
}
