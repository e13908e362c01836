import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { Connection, Tag } from './common.type';
import { LaunchPermissionGroup } from './enums';

@ObjectType({ description: 'An Amazon Machine Image. `id` is the AMI id.', implements: Node })
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
  @Field(() => String, {
    nullable: true,
    description: '`disabled`, `enabled-without-cooldown` or `enabled-with-cooldown` (protection stays 24 h after it is disabled): while enabled the AMI cannot be deregistered.',
  })
  deregistrationProtection?: string | null;
  @Field(() => Date, { nullable: true, description: 'When the AMI is (or was) deprecated; public AMIs deprecate two years after creation by default.' })
  deprecationTime?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When an instance was last launched from it (shown to the owner; AWS reports launches a day late).' })
  lastLaunchedTime?: Date | null;
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
