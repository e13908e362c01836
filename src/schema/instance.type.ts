import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection, Tag, TagFilterInput } from './common.type';
import { InstanceState } from './enums';
import { Node } from './node.type';

@ObjectType({ description: 'An EC2 instance. `id` is the AWS instance id.', implements: Node })
export class Instance {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field() instanceType!: string;
  @Field(() => InstanceState) state!: InstanceState;
  @Field({ description: 'A Mac instance (mac1, mac2, mac2-m1ultra, mac2-m2, mac2-m2pro, … families) on a dedicated host.' })
  isMac!: boolean;
  @Field({ description: 'Apple silicon Mac (every Mac family but mac1): its Mac modification tasks need MacCredentials.' })
  isAppleSilicon!: boolean;
  @Field(() => String, { nullable: true, description: 'The `Name` tag.' }) name?: string | null;
  @Field(() => String, { nullable: true }) platformDetails?: string | null;
  @Field(() => String, { nullable: true }) architecture?: string | null;
  @Field(() => Date, { nullable: true }) launchTime?: Date | null;
  @Field(() => String, { nullable: true }) availabilityZone?: string | null;
  @Field(() => String, { nullable: true }) hostId?: string | null;
  @Field(() => String, { nullable: true }) privateIpAddress?: string | null;
  @Field(() => String, { nullable: true }) publicIpAddress?: string | null;
  @Field() imageId!: string;
  @Field(() => [Tag]) tags!: Tag[];
}

@ObjectType()
export class InstanceConnection extends Connection(Instance, 'Instance') {}

@InputType()
export class InstanceFilter {
  @Field(() => [String], { nullable: true }) instanceIds?: string[];
  @Field(() => [InstanceState], { nullable: true }) states?: InstanceState[];
  @Field(() => [String], { nullable: true }) instanceTypes?: string[];
  @Field({ nullable: true, description: 'Only Mac instance types.' }) macOnly?: boolean;
  @Field(() => [String], { nullable: true }) imageIds?: string[];
  @Field(() => [TagFilterInput], { nullable: true }) tags?: TagFilterInput[];
}
