import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection, Tag } from './common.type';
import { LaunchPermissionGroup } from './enums';

@ObjectType({ description: 'An Amazon Machine Image. `id` is the AMI id.' })
export class Image {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field() state!: string;
  @Field() ownerId!: string;
  @Field(() => String, { nullable: true, description: 'e.g. `amazon` for Amazon-owned images.' }) ownerAlias?: string | null;
  @Field() public!: boolean;
  @Field(() => Date, { nullable: true }) creationDate?: Date | null;
  @Field(() => String, { nullable: true }) architecture?: string | null;
  @Field(() => String, { nullable: true }) platformDetails?: string | null;
  @Field(() => String, { nullable: true, description: '`v2.0` when instances launched from it require IMDSv2.' }) imdsSupport?: string | null;
  @Field(() => [String], { description: 'Marketplace product codes; an image with one cannot be made public.' }) productCodes!: string[];
  @Field(() => [Tag]) tags!: Tag[];
}

@ObjectType({ description: 'Who may launch an image: exactly one of the fields is set.' })
export class LaunchPermission {
  @Field(() => LaunchPermissionGroup, { nullable: true }) group?: LaunchPermissionGroup | null;
  @Field(() => String, { nullable: true }) userId?: string | null;
  @Field(() => String, { nullable: true }) organizationArn?: string | null;
  @Field(() => String, { nullable: true }) organizationalUnitArn?: string | null;
}

@ObjectType()
export class ImageConnection extends Connection(Image, 'Image') {}

@InputType()
export class ImageFilter {
  @Field(() => [String], { nullable: true }) imageIds?: string[];
  @Field(() => [String], { nullable: true, description: '`self`, `amazon`, `aws-marketplace` or account ids.' }) owners?: string[];
  @Field(() => [String], { nullable: true, description: 'Image names; wildcards * and ? allowed.' }) names?: string[];
  @Field({ nullable: true }) public?: boolean;
}
