import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RunbookStep } from './runbook.type';

export enum AutomationPreviewStatus {
  PENDING = 'PENDING',
  IN_PROGRESS = 'IN_PROGRESS',
  SUCCESS = 'SUCCESS',
  FAILED = 'FAILED',
}
registerEnumType(AutomationPreviewStatus, { name: 'AutomationPreviewStatus' });

@ObjectType({ description: "How many of the runbook's steps would change resources, only read them, or hand work to something SSM cannot see into." })
export class AutomationStepImpact {
  @Field(() => Int, { description: 'Create, modify or delete resources.' }) mutating!: number;
  @Field(() => Int, { description: 'Only read (Describe*, List*, Get*, …).' }) nonMutating!: number;
  @Field(() => Int, { description: 'Run Command, Lambda, Step Functions, scripts, third-party APIs: SSM cannot tell.' }) undetermined!: number;
}

@ObjectType({ description: 'Resources of one type the run would act on.' })
export class AutomationPreviewTarget {
  @Field({ description: 'e.g. AWS::EC2::Instance' }) targetType!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'What a runbook run would do, and where, without running it (SSM StartExecutionPreview / GetExecutionPreview).' })
export class AutomationPreview {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field(() => AutomationPreviewStatus) status!: AutomationPreviewStatus;
  @Field(() => String, { nullable: true }) statusMessage?: string | null;
  @Field(() => Date, { nullable: true }) endedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Known when the preview was made by this operation.' }) documentName?: string | null;
  @Field(() => String, { nullable: true }) documentVersion?: string | null;
  @Field(() => AutomationStepImpact, { nullable: true, description: 'Null until the preview succeeded.' }) stepImpact?: AutomationStepImpact | null;
  @Field(() => [String], { description: 'Regions the run would touch.' }) regions!: string[];
  @Field(() => [AutomationPreviewTarget]) targets!: AutomationPreviewTarget[];
  @Field(() => Int, { nullable: true, description: 'Accounts the run would touch.' }) totalAccounts?: number | null;
  @Field(() => [RunbookStep], { nullable: true, description: "The runbook's steps in order (from its document; known when the preview was made by this operation)." })
  steps?: RunbookStep[] | null;
}

@ObjectType()
export class AutomationPreviewPayload {
  @Field(() => AutomationPreview, { nullable: true }) preview!: AutomationPreview | null;
}
