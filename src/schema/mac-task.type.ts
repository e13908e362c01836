import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { Connection, Tag } from './common.type';
import { MacModificationTaskState, MacModificationTaskType, SipSetting } from './enums';

@ObjectType({ description: 'System Integrity Protection settings a SIP task applies; per-setting values override `status`.' })
export class MacSipConfiguration {
  @Field(() => SipSetting) status!: SipSetting;
  @Field(() => SipSetting, { nullable: true }) appleInternal?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) baseSystem?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) debuggingRestrictions?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) dTraceRestrictions?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) filesystemProtections?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) kextSigning?: SipSetting | null;
  @Field(() => SipSetting, { nullable: true }) nvramProtections?: SipSetting | null;
}

@ObjectType({ description: 'An EC2 Mac modification task (SIP modification or volume-ownership delegation). `id` is the task id.', implements: Node })
export class MacModificationTask {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field() instanceId!: string;
  @Field(() => MacModificationTaskType) taskType!: MacModificationTaskType;
  @Field(() => MacModificationTaskState) state!: MacModificationTaskState;
  @Field(() => Date, { nullable: true }) startTime?: Date | null;
  @Field(() => [Tag]) tags!: Tag[];
  @Field(() => MacSipConfiguration, { nullable: true }) sipConfiguration?: MacSipConfiguration | null;
  @Field({ description: 'SUCCESSFUL or FAILED: the task will not change again.' }) isTerminal!: boolean;
}

@ObjectType()
export class MacModificationTaskConnection extends Connection(MacModificationTask, 'MacModificationTask') {}

@InputType()
export class MacModificationTaskFilter {
  @Field(() => [String], { nullable: true }) taskIds?: string[];
  @Field(() => [String], { nullable: true }) instanceIds?: string[];
  @Field(() => [MacModificationTaskState], { nullable: true }) states?: MacModificationTaskState[];
  @Field(() => [MacModificationTaskType], { nullable: true }) taskTypes?: MacModificationTaskType[];
}
