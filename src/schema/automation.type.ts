import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from './common.type';
import { AutomationExecutionStatus } from './enums';
import { Node } from './node.type';

@ObjectType({ description: 'A named list of values: automation parameters and outputs.' })
export class AutomationParameter {
  @Field() name!: string;
  @Field(() => [String]) values!: string[];
}

@ObjectType()
export class AutomationTarget {
  @Field() key!: string;
  @Field(() => [String]) values!: string[];
}

@ObjectType()
export class AutomationStep {
  @Field(() => String, { nullable: true }) stepExecutionId?: string | null;
  @Field() name!: string;
  @Field() action!: string;
  @Field(() => AutomationExecutionStatus) status!: string;
  @Field(() => Date, { nullable: true }) startTime?: Date | null;
  @Field(() => Date, { nullable: true }) endTime?: Date | null;
  @Field(() => [AutomationParameter]) inputs!: AutomationParameter[];
  @Field(() => [AutomationParameter]) outputs!: AutomationParameter[];
  @Field(() => String, { nullable: true }) failureMessage?: string | null;
}

@ObjectType({
  description:
    "Step counts of its execution: a value of the execution, with no identity of its own (a caching client keeps it inside the execution and merges selections: Apollo's typePolicies `{ AutomationProgress: { merge: true } }`).",
})
export class AutomationProgress {
  @Field(() => Int) totalSteps!: number;
  @Field(() => Int) completedSteps!: number;
  @Field(() => Int) successSteps!: number;
  @Field(() => Int) failedSteps!: number;
  @Field(() => Int) cancelledSteps!: number;
  @Field(() => Int) timedOutSteps!: number;
}

/**
 * An SSM Automation execution. The summary fields come from DescribeAutomationExecutions
 * (batched 10 ids a call); steps and progress need GetAutomationExecution and are only fetched
 * when selected.
 */
@ObjectType({ description: 'An SSM Automation execution. `id` is the execution id.', implements: Node })
export class AutomationExecution {
  @Field(() => ID) id!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field() documentName!: string;
  @Field(() => String, { nullable: true }) documentVersion?: string | null;
  @Field(() => AutomationExecutionStatus) status!: string;
  @Field(() => Date, { nullable: true }) startTime?: Date | null;
  @Field(() => Date, { nullable: true }) endTime?: Date | null;
  @Field(() => String, { nullable: true }) executedBy?: string | null;
  @Field(() => String, { nullable: true }) mode?: string | null;
  @Field(() => [AutomationParameter]) outputs!: AutomationParameter[];
  @Field(() => String, { nullable: true }) failureMessage?: string | null;
  @Field(() => String, { nullable: true }) currentStepName?: string | null;
  @Field(() => String, { nullable: true }) currentAction?: string | null;
  @Field(() => String, { nullable: true }) targetParameterName?: string | null;
  @Field(() => [AutomationTarget]) targets!: AutomationTarget[];
  @Field() isTerminal!: boolean;
}

@ObjectType()
export class AutomationExecutionConnection extends Connection(AutomationExecution, 'AutomationExecution') {}

@InputType()
export class AutomationExecutionFilter {
  @Field(() => [String], { nullable: true }) executionIds?: string[];
  @Field({ nullable: true }) documentNamePrefix?: string;
  @Field(() => [AutomationExecutionStatus], { nullable: true }) statuses?: string[];
}
