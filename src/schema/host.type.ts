import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection, Tag } from './common.type';
import { Node } from './node.type';

/** DescribeHosts' AllocationState. */
export enum HostState {
  AVAILABLE = 'AVAILABLE',
  UNDER_ASSESSMENT = 'UNDER_ASSESSMENT',
  PERMANENT_FAILURE = 'PERMANENT_FAILURE',
  RELEASED = 'RELEASED',
  RELEASED_PERMANENT_FAILURE = 'RELEASED_PERMANENT_FAILURE',
  PENDING = 'PENDING',
}
registerEnumType(HostState, {
  name: 'HostState',
  description: 'A Mac host is PENDING while AWS scrubs it after its instance stopped or terminated (x86 up to ~50 min, 3 h with a firmware update; Apple silicon up to 4.5 h), then AVAILABLE.',
});

@ObjectType({ description: 'An EC2 Dedicated Host that runs Mac instances (one Mac per host). `id` is the host id.', implements: Node })
export class MacHost {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field() availabilityZone!: string;
  @Field(() => String, { nullable: true, description: 'The Mac instance type the host was allocated for, e.g. `mac2-m2pro.metal`.' })
  instanceType?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. `mac2-m2pro`.' }) instanceFamily?: string | null;
  @Field(() => HostState) state!: HostState;
  @Field(() => Date, { nullable: true }) allocationTime?: Date | null;
  @Field(() => Date, { nullable: true, description: 'allocationTime + 24 h: AWS refuses to release a Mac host earlier (Apple’s macOS licence).' })
  releasableAfter?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Set once released (a released host stays listed for a while).' }) releaseTime?: Date | null;
  @Field(() => Int, { nullable: true, description: 'Instances of its type it can still take: 0 or 1 for a Mac host.' }) availableCapacity?: number | null;
  @Field({ description: 'Every Mac family but mac1 (x86) is Apple silicon.' }) isAppleSilicon!: boolean;
  @Field(() => [Tag]) tags!: Tag[];
  /** The instances DescribeHosts lists on it (resolved to Instance records by the field resolver). */
  instanceIds!: string[];
}

@ObjectType()
export class MacHostConnection extends Connection(MacHost, 'MacHost') {}

@InputType()
export class MacHostFilter {
  @Field(() => [String], { nullable: true }) hostIds?: string[];
  @Field(() => [HostState], { nullable: true }) states?: HostState[];
  @Field(() => [String], { nullable: true, description: 'Mac instance types (`mac2.metal`, …).' }) instanceTypes?: string[];
  @Field(() => [String], { nullable: true }) availabilityZones?: string[];
}
