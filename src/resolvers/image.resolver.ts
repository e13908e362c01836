import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Cost } from '../schema/field-cost';
import type { ImageQuery } from '../aws/ec2/queries';
import { AwsLimits, PageLimits } from '../aws/limits';
import type { GatewayContext } from '../server/context';
import { ScopedPageArgs } from '../schema/common.type';
import { Image, ImageConnection, ImageFilter, LaunchPermission } from '../schema/image.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { primingPages } from './connection';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes } from './scoped-list';

/** GraphQL image filter → the facade's query, validated against EC2's limits first. */
export function imageQuery(filter: ImageFilter | undefined): ImageQuery {
  if (!filter) return {};
  // assertIds also refuses more values than an EC2 filter takes.
  if (filter.imageIds) assertIds('image', 'filter.imageIds', filter.imageIds);
  assertMaxValues('filter.names', filter.names, AwsLimits.ec2FilterValues);
  return { imageIds: filter.imageIds, owners: filter.owners, names: filter.names, public: filter.public ?? undefined };
}

@Resolver(() => Image)
export class ImageResolver {
  @Authorized('viewer')
  @Query(() => Image, {
    nullable: true,
    description: 'One AMI by id, from whichever served scope sees it (or only `accountId` / `region`); null when none does.',
  })
  @Cost({ awsCalls: 1 })
  image(
    @Arg('imageId') imageId: string,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Image | null> {
    assertIds('image', 'imageId', [imageId]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.image.load(imageId));
  }

  @Authorized('viewer')
  @Query(() => ImageConnection, {
    description: 'AMIs visible to each selected account (owned, shared with it, public), narrowed by the filter; an AMI shared across accounts appears once per account that sees it.',
  })
  @Cost({ awsCalls: 1, pageSize: AwsLimits.ec2DescribeImagesMaxResults })
  images(
    @Arg('filter', () => ImageFilter, { nullable: true }) filter: ImageFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImageConnection> {
    const query = imageQuery(filter ?? undefined);
    return listAcrossScopes(ctx, info, args, PageLimits.images, (scope) => primingPages((p) => ctx.aws.ec2(scope).listImages(query, p), ctx.loaders.scope(scope).image));
  }

  @FieldResolver(() => [LaunchPermission], {
    nullable: true,
    description: 'DescribeImageAttribute (one call per image, cached briefly). Null for images the account does not own (AWS shows launch permissions to the owner only), or when the call fails (the error is at this path).',
  })
  @Cost({ awsCalls: 1, assumedSize: 10 })
  launchPermissions(@Root() image: Image, @Ctx() ctx: GatewayContext): Promise<LaunchPermission[] | null> {
    // null = "not your image" (AuthFailure): AWS does not say who may launch it, so neither do we.
    return loadersOf(ctx, image).launchPermissions.load(image.id);
  }
}
