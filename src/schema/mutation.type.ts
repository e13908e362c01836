import { Field, InputType, ObjectType } from 'type-graphql';
import { AutomationExecution } from './automation.type';
import { ScopedInput, TagInput } from './common.type';
import { AutomationMode, AutomationSignal, LaunchPermissionGroup, SipSetting, StopType } from './enums';
import { Image } from './image.type';
import { MacModificationTask } from './mac-task.type';

// ---- shared -------------------------------------------------------------------------------

@ObjectType({ description: 'The answer to a DryRun: would the call have been permitted and valid?' })
export class DryRunResult {
  @Field() wouldSucceed!: boolean;
  @Field({ description: 'AWS code: DryRunOperation when it would succeed, UnauthorizedOperation when not permitted.' }) code!: string;
  @Field(() => String, { nullable: true }) message?: string | null;
}

// ---- Mac modification tasks ---------------------------------------------------------------

@InputType({ description: 'Per-setting SIP overrides; each one wins over the overall `status`.' })
export class MacSipConfigurationInput {
  @Field(() => SipSetting, { nullable: true }) appleInternal?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) baseSystem?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) debuggingRestrictions?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) dTraceRestrictions?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) filesystemProtections?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) kextSigning?: SipSetting;
  @Field(() => SipSetting, { nullable: true }) nvramProtections?: SipSetting;
}

@InputType({
  description:
    'Credentials of the Mac (required on Apple silicon). Sent to AWS as the MacCredentials JSON string; never logged, stored, echoed or published.',
})
export class MacCredentialsInput {
  @Field(() => String, { nullable: true }) internalDiskPassword?: string;
  @Field(() => String, { nullable: true }) rootVolumeUsername?: string;
  @Field(() => String, { nullable: true }) rootVolumePassword?: string;
}

@InputType()
export class CreateMacSipModificationTaskInput extends ScopedInput {
  @Field() instanceId!: string;
  @Field(() => SipSetting) status!: SipSetting;
  @Field(() => MacSipConfigurationInput, { nullable: true }) configuration?: MacSipConfigurationInput;
  @Field(() => MacCredentialsInput, { nullable: true }) macCredentials?: MacCredentialsInput;
  @Field(() => [TagInput], { nullable: true }) tags?: TagInput[];
  @Field(() => String, { nullable: true, description: 'Idempotency token (≤ 64 ASCII chars); generated and returned when absent.' }) clientToken?: string;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@InputType()
export class CreateMacVolumeOwnershipDelegationTaskInput extends ScopedInput {
  @Field() instanceId!: string;
  @Field(() => MacCredentialsInput) macCredentials!: MacCredentialsInput;
  @Field(() => [TagInput], { nullable: true }) tags?: TagInput[];
  @Field(() => String, { nullable: true }) clientToken?: string;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@ObjectType()
export class MacModificationTaskPayload {
  @Field(() => MacModificationTask, { nullable: true, description: 'Null on a dry run.' }) task!: MacModificationTask | null;
  @Field(() => String, { nullable: true }) clientToken!: string | null;
  @Field(() => DryRunResult, { nullable: true }) dryRun!: DryRunResult | null;
}

// ---- images -------------------------------------------------------------------------------

@InputType({ description: 'One launch-permission principal: set exactly one field.' })
export class LaunchPermissionInput {
  @Field(() => String, { nullable: true, description: 'A 12-digit AWS account id.' }) userId?: string;
  @Field(() => LaunchPermissionGroup, { nullable: true, description: 'ALL makes the image public (needs confirmPublic).' }) group?: LaunchPermissionGroup;
  @Field(() => String, { nullable: true }) organizationArn?: string;
  @Field(() => String, { nullable: true }) organizationalUnitArn?: string;
}

@InputType()
export class ModifyImageLaunchPermissionsInput extends ScopedInput {
  @Field() imageId!: string;
  @Field(() => [LaunchPermissionInput], { nullable: true }) add?: LaunchPermissionInput[];
  @Field(() => [LaunchPermissionInput], { nullable: true }) remove?: LaunchPermissionInput[];
  @Field({ defaultValue: false, description: 'Must be true to add group ALL (make the AMI public).' }) confirmPublic!: boolean;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@InputType()
export class SetImageDescriptionInput extends ScopedInput {
  @Field() imageId!: string;
  @Field() description!: string;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@InputType()
export class EnableImageImdsV2Input extends ScopedInput {
  @Field() imageId!: string;
  @Field({ description: 'Must be true: IMDSv2-only cannot be undone on an AMI.' }) confirmIrreversible!: boolean;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@ObjectType()
export class ImagePayload {
  @Field(() => Image, { nullable: true }) image!: Image | null;
  @Field(() => DryRunResult, { nullable: true }) dryRun!: DryRunResult | null;
}

// ---- automation ---------------------------------------------------------------------------

@InputType()
export class AutomationParameterInput {
  @Field() name!: string;
  @Field(() => [String]) values!: string[];
}

@InputType()
export class AutomationTargetInput {
  @Field({ description: 'e.g. ParameterValues, InstanceIds, tag:Env, ResourceGroup' }) key!: string;
  @Field(() => [String]) values!: string[];
}

@InputType()
export class StartAutomationExecutionInput extends ScopedInput {
  @Field() documentName!: string;
  @Field(() => String, { nullable: true }) documentVersion?: string;
  @Field(() => [AutomationParameterInput], { nullable: true }) parameters?: AutomationParameterInput[];
  @Field(() => AutomationMode, { nullable: true }) mode?: AutomationMode;
  @Field(() => String, { nullable: true }) targetParameterName?: string;
  @Field(() => [AutomationTargetInput], { nullable: true }) targets?: AutomationTargetInput[];
  @Field(() => String, { nullable: true }) maxConcurrency?: string;
  @Field(() => String, { nullable: true }) maxErrors?: string;
  @Field(() => [TagInput], { nullable: true }) tags?: TagInput[];
  @Field(() => String, { nullable: true, description: 'A UUID (SSM requires that form); generated and returned when absent.' }) clientToken?: string;
}

@InputType()
export class StopAutomationExecutionInput extends ScopedInput {
  @Field() executionId!: string;
  @Field(() => StopType, { defaultValue: StopType.COMPLETE }) type!: StopType;
}

@InputType()
export class SendAutomationSignalInput extends ScopedInput {
  @Field() executionId!: string;
  @Field(() => AutomationSignal) signal!: AutomationSignal;
  @Field(() => [AutomationParameterInput], { nullable: true, description: 'e.g. StepName for START_STEP/STOP_STEP, Comment for APPROVE/REJECT.' })
  payload?: AutomationParameterInput[];
}

@ObjectType()
export class AutomationExecutionPayload {
  @Field(() => AutomationExecution, { nullable: true }) execution!: AutomationExecution | null;
  @Field(() => String, { nullable: true }) clientToken!: string | null;
}
