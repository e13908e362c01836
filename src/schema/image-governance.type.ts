import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ScopedInput } from './common.type';
import { DryRunResult } from './mutation.type';

export enum ImageBlockPublicAccessState {
  BLOCK_NEW_SHARING = 'BLOCK_NEW_SHARING',
  UNBLOCKED = 'UNBLOCKED',
}
registerEnumType(ImageBlockPublicAccessState, {
  name: 'ImageBlockPublicAccessState',
  description: 'BLOCK_NEW_SHARING: no AMI of the account may be made public in this region (AMIs already public stay public).',
});

@ObjectType({ description: 'Block public access for AMIs: an account × region setting.' })
export class ImageBlockPublicAccess {
  @Field(() => ImageBlockPublicAccessState) state!: ImageBlockPublicAccessState;
  @Field(() => String, { nullable: true, description: '`account`, or `declarative-policy` when an Organizations policy sets it.' }) managedBy?: string | null;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
}

@InputType()
export class SetImageBlockPublicAccessInput extends ScopedInput {
  @Field(() => ImageBlockPublicAccessState) state!: ImageBlockPublicAccessState;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@ObjectType()
export class ImageBlockPublicAccessPayload {
  @Field(() => ImageBlockPublicAccessState, { nullable: true, description: 'What was asked for; null on a dry run.' }) requestedState!: ImageBlockPublicAccessState | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => DryRunResult, { nullable: true }) dryRun!: DryRunResult | null;
  region!: string;
  accountId!: string;
}

@InputType()
export class SetImageDeregistrationProtectionInput extends ScopedInput {
  @Field() imageId!: string;
  @Field({ description: 'false turns the protection off (admin only).' }) enabled!: boolean;
  @Field({ defaultValue: false, description: 'With enabled: keep the AMI protected for 24 hours after the protection is later disabled.' })
  withCooldown!: boolean;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@InputType({ description: 'Give deprecateAt, or cancel: true to take the deprecation away.' })
export class SetImageDeprecationInput extends ScopedInput {
  @Field() imageId!: string;
  @Field(() => Date, { nullable: true, description: 'UTC; AWS rounds it to the minute. Not in the past; at most 10 years ahead (public AMIs: 2 years after creation).' })
  deprecateAt?: Date | null;
  @Field({ defaultValue: false }) cancel!: boolean;
  @Field({ defaultValue: false }) dryRun!: boolean;
}
