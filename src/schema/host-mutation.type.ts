import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ScopedInput } from './common.type';
import { InstanceState } from './enums';
import { MacHost } from './host.type';
import { DryRunResult } from './mutation.type';

@InputType({ description: 'Instances to start, stop or reboot (one call for all; an error in one fails the call).' })
export class InstancesPowerInput extends ScopedInput {
  @Field(() => [String]) instanceIds!: string[];
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@ObjectType({ description: "One instance's state before and right after the call, as AWS answered it." })
export class InstanceStateChange {
  @Field(() => ID) instanceId!: string;
  @Field(() => InstanceState) previousState!: InstanceState;
  @Field(() => InstanceState) currentState!: InstanceState;
}

@ObjectType({ description: 'A Mac was stopped: its Dedicated Host scrubs before it can run a Mac again.' })
export class MacHostScrub {
  @Field() hostId!: string;
  @Field() instanceId!: string;
  @Field({ description: 'What happens next, in words.' }) message!: string;
  /** The host's region and account, for its loader. */
  region!: string;
  accountId!: string;
}

@ObjectType()
export class InstancesPayload {
  @Field(() => [InstanceStateChange], { description: "StartInstances / StopInstances: AWS's states; RebootInstances answers none (it only queues the reboot)." })
  changes!: InstanceStateChange[];
  @Field(() => [MacHostScrub], { description: 'Stopping a Mac: its host goes PENDING (scrubbing), then AVAILABLE; the Mac cannot start until then.' })
  macHostsScrubbing!: MacHostScrub[];
  @Field(() => DryRunResult, { nullable: true }) dryRun!: DryRunResult | null;
  /** What `instances` re-reads; empty on a dry run. */
  instanceIds!: string[];
  region!: string;
  accountId!: string;
}

@InputType()
export class ReleaseMacHostInput extends ScopedInput {
  @Field() hostId!: string;
  @Field({ defaultValue: false, description: 'Must be true: a released host is gone, and a new one is billed for at least 24 hours again.' })
  confirmRelease!: boolean;
  @Field({
    defaultValue: false,
    description:
      'ReleaseHosts has no DryRun in AWS: a dry run makes only the gateway’s checks — a missing, released or young host is refused as without dryRun; a host with a Mac on it or still scrubbing answers wouldSucceed: false.',
  })
  dryRun!: boolean;
}

@ObjectType()
export class MacHostPayload {
  @Field(() => MacHost, { nullable: true, description: 'The host after the call (RELEASED); null on a dry run.' }) host!: MacHost | null;
  @Field(() => DryRunResult, { nullable: true }) dryRun!: DryRunResult | null;
}
