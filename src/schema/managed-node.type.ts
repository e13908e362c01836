import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from './node.type';

@ObjectType({ description: 'SSM view of an instance (DescribeInstanceInformation).', implements: Node })
export class ManagedNode {
  @Field(() => ID, { description: '`managed-node:<accountId>:<region>:<instanceId>`: unique across accounts and regions (see Node).' })
  id?: string; // computed from the scope and instance id (ManagedNodeIdentity)
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
