import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'SSM view of an instance (DescribeInstanceInformation).' })
export class ManagedNode {
  @Field() instanceId!: string;
  @Field({ description: 'The AWS account of the instance.' }) accountId!: string;
  @Field() region!: string;
  @Field(() => String, { nullable: true }) pingStatus?: string | null;
  @Field(() => String, { nullable: true }) agentVersion?: string | null;
  @Field(() => String, { nullable: true }) platformType?: string | null;
  @Field(() => String, { nullable: true }) platformName?: string | null;
  @Field(() => String, { nullable: true }) platformVersion?: string | null;
  @Field(() => Date, { nullable: true }) lastPingDateTime?: Date | null;
}
