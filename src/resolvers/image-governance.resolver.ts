import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { scopeOf } from '../aws';
import {
  ImageBlockPublicAccess,
  ImageBlockPublicAccessPayload,
  SetImageBlockPublicAccessInput,
  SetImageDeprecationInput,
  SetImageDeregistrationProtectionInput,
} from '../schema/image-governance.type';
import { ImagePayload } from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { imagePayload, onImage } from './image.mutations';
import { creationScope, scopeHolding } from './resource-scope';

/** AMI governance: block public access for AMIs (account × region), deregistration protection, deprecation. */
@Resolver(() => ImageBlockPublicAccessPayload)
export class ImageGovernanceResolver {
  @Authorized('viewer')
  @Query(() => ImageBlockPublicAccess, { nullable: true, description: 'May AMIs be made public in this account and region? (GetImageBlockPublicAccessState)' })
  imageBlockPublicAccess(
    @Arg('accountId', () => String, { nullable: true, description: 'Required when several accounts are served.' }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ImageBlockPublicAccess> {
    return ctx.aws.ec2(creationScope(ctx, { accountId, region })).imageBlockPublicAccess();
  }

  // Admin: the argument-aware policy (src/auth/policy.ts) raises it, for the document gate too.
  @Authorized('operator')
  @Mutation(() => ImageBlockPublicAccessPayload, {
    description: 'Turn block public access for AMIs on (BLOCK_NEW_SHARING) or off (UNBLOCKED) in this account and region. AWS takes up to 10 minutes to apply it.',
  })
  async setImageBlockPublicAccess(
    @Arg('input', () => SetImageBlockPublicAccessInput) input: SetImageBlockPublicAccessInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ImageBlockPublicAccessPayload> {
    const scope = creationScope(ctx, input);
    const { dryRun } = await ctx.aws.ec2(scope).setImageBlockPublicAccess(input.state, { dryRun: input.dryRun });
    return {
      requestedState: dryRun ? null : input.state,
      message: dryRun ? null : 'AWS applies the change within 10 minutes; until then imageBlockPublicAccess still reports the previous state.',
      dryRun,
      region: scope.region,
      accountId: scope.accountId,
    };
  }

  @FieldResolver(() => ImageBlockPublicAccess, {
    name: 'imageBlockPublicAccess',
    nullable: true,
    description: 'The setting as AWS reports it now (GetImageBlockPublicAccessState).',
  })
  @Extensions({ cost: { awsCalls: 1 } })
  reportedImageBlockPublicAccess(@Root() payload: ImageBlockPublicAccessPayload, @Ctx() ctx: GatewayContext): Promise<ImageBlockPublicAccess> {
    return ctx.aws.ec2(scopeOf(payload.accountId, payload.region)).imageBlockPublicAccess();
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload, { description: 'Protect an AMI from deregistration (optionally with a 24-hour cooldown), or turn the protection off (admin).' })
  async setImageDeregistrationProtection(
    @Arg('input', () => SetImageDeregistrationProtectionInput) input: SetImageDeregistrationProtectionInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    if (!input.enabled && input.withCooldown) problems.push({ field: 'withCooldown', message: 'only with enabled: true (the cooldown is chosen when the protection is turned on)' });
    if (problems.length) throw new BadUserInputError('Invalid setImageDeregistrationProtection input', problems);
    const scope = await scopeHolding(ctx, info, input, onImage(input.imageId));
    const { dryRun } = await ctx.aws.ec2(scope).setImageDeregistrationProtection(input.imageId, { enabled: input.enabled, withCooldown: input.withCooldown }, { dryRun: input.dryRun });
    return imagePayload(ctx, scope, input.imageId, dryRun);
  }

  @Authorized('operator')
  @Mutation(() => ImagePayload, { description: 'Deprecate an AMI at deprecateAt, or take its deprecation away (cancel: true).' })
  async setImageDeprecation(
    @Arg('input', () => SetImageDeprecationInput) input: SetImageDeprecationInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImagePayload> {
    const problems: FieldProblem[] = idProblems('image', 'imageId', [input.imageId]);
    const at = input.deprecateAt ?? null;
    if ((at === null) === !input.cancel) problems.push({ field: 'deprecateAt', message: 'give deprecateAt, or cancel: true — exactly one of them' });
    if (problems.length) throw new BadUserInputError('Invalid setImageDeprecation input', problems);
    const scope = await scopeHolding(ctx, info, input, onImage(input.imageId));
    const { dryRun } = await ctx.aws.ec2(scope).setImageDeprecation(input.imageId, input.cancel ? null : at, { dryRun: input.dryRun });
    return imagePayload(ctx, scope, input.imageId, dryRun);
  }
}
