import { DescribeImagesCommand, type Filter } from '@aws-sdk/client-ec2';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AwsServiceError } from '../errors/gateway-error';
import { AwsLimits } from '../loaders/limits';
import { mapImage } from '../mappers/ec2.mapper';
import type { GatewayContext } from '../server/context';
import { Image, ImageConnection, ImageFilter, LaunchPermission } from '../schema/image.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { paginate } from './connection';

export function imageFilters(filter: ImageFilter | undefined): Filter[] {
  const filters: Filter[] = [];
  if (!filter) return filters;
  if (filter.imageIds) {
    assertIds('image', 'filter.imageIds', filter.imageIds);
    assertMaxValues('filter.imageIds', filter.imageIds, AwsLimits.ec2FilterValues);
    filters.push({ Name: 'image-id', Values: filter.imageIds });
  }
  if (filter.names) {
    assertMaxValues('filter.names', filter.names, AwsLimits.ec2FilterValues);
    filters.push({ Name: 'name', Values: filter.names });
  }
  if (filter.public !== undefined && filter.public !== null) filters.push({ Name: 'is-public', Values: [String(filter.public)] });
  return filters;
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
    return ctx.loaders.region(ctx.region(region)).image.load(imageId);
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
    const r = ctx.region(region);
    const filters = imageFilters(filter ?? undefined);
    const loaders = ctx.loaders.region(r);
    return paginate({ first, after, maxPageSize: ctx.config.aws.maxPageSize }, { min: 5, max: AwsLimits.ec2DescribeImagesMaxResults }, async (NextToken, MaxResults) => {
      const out = await ctx.aws.read(
        'ec2',
        r,
        new DescribeImagesCommand({ Owners: filter?.owners ?? undefined, Filters: filters.length ? filters : undefined, MaxResults, NextToken }),
      );
      const items = (out.Images ?? []).map((i) => mapImage(i, r));
      for (const i of items) loaders.image.prime(i.id, i);
      return { items, nextToken: out.NextToken };
    });
  }

  @FieldResolver(() => [LaunchPermission], {
    description: 'DescribeImageAttribute (one call per image, cached briefly). Empty for images the account does not own: AWS shows launch permissions to the owner only.',
  })
  async launchPermissions(@Root() image: Image, @Ctx() ctx: GatewayContext): Promise<LaunchPermission[]> {
    try {
      return await ctx.loaders.region(image.region).launchPermissions.load(image.id);
    } catch (err) {
      // AuthFailure = "not your image" (as opposed to UnauthorizedOperation, a missing IAM grant).
      if (err instanceof AwsServiceError && err.awsCode === 'AuthFailure') return [];
      throw err;
    }
  }
}
