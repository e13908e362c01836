import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { ImageQuery } from '../aws/ec2/queries';
import { AwsLimits, PageLimits } from '../aws/limits';
import type { GatewayContext } from '../server/context';
import { Image, ImageConnection, ImageFilter, LaunchPermission } from '../schema/image.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { paginate, primingPages } from './connection';
import { loadersOf } from './record-scope';

/** GraphQL image filter → the facade's query, validated against EC2's limits first. */
export function imageQuery(filter: ImageFilter | undefined): ImageQuery {
  if (!filter) return {};
  if (filter.imageIds) {
    assertIds('image', 'filter.imageIds', filter.imageIds);
    assertMaxValues('filter.imageIds', filter.imageIds, AwsLimits.ec2FilterValues);
  }
  assertMaxValues('filter.names', filter.names, AwsLimits.ec2FilterValues);
  return { imageIds: filter.imageIds, owners: filter.owners, names: filter.names, public: filter.public ?? undefined };
}

@Resolver(() => Image)
export class ImageResolver {
  @Authorized('viewer')
  @Query(() => Image, { nullable: true, description: 'One AMI by id; null when it does not exist or is not visible to the account.' })
  image(
    @Arg('imageId') imageId: string,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Image | null> {
    assertIds('image', 'imageId', [imageId]);
    return ctx.loaders.scope(ctx.scope(region)).image.load(imageId);
  }

  @Authorized('viewer')
  @Query(() => ImageConnection, { description: 'AMIs visible to the account (owned, shared with it, public), narrowed by the filter.' })
  images(
    @Arg('filter', () => ImageFilter, { nullable: true }) filter: ImageFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ImageConnection> {
    const scope = ctx.scope(region);
    const query = imageQuery(filter ?? undefined);
    const ec2 = ctx.aws.ec2(scope);
    const page = { first, after, maxPageSize: ctx.config.aws.maxPageSize };
    return paginate(page, PageLimits.images, primingPages((p) => ec2.listImages(query, p), ctx.loaders.scope(scope).image));
  }

  @FieldResolver(() => [LaunchPermission], {
    description: 'DescribeImageAttribute (one call per image, cached briefly). Empty for images the account does not own: AWS shows launch permissions to the owner only.',
  })
  async launchPermissions(@Root() image: Image, @Ctx() ctx: GatewayContext): Promise<LaunchPermission[]> {
    // null = "not your image" (AuthFailure), shown as empty until the field becomes nullable.
    return (await loadersOf(ctx, image).launchPermissions.load(image.id)) ?? [];
  }
}
