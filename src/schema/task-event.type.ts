import { Field, InputType, ObjectType } from 'type-graphql';
import { AutomationExecution } from './automation.type';
import { TaskEventKind, TaskEventState } from './enums';
import { MacHost } from './host.type';
import { MacModificationTask } from './mac-task.type';

@ObjectType({ description: 'A state change of a Mac modification task, an Automation execution or a Mac host, as seen by the task watcher.' })
export class TaskEvent {
  @Field(() => TaskEventKind) kind!: TaskEventKind;
  @Field({ description: 'The task, execution or host id.' }) taskId!: string;
  @Field({ description: 'The account that holds the task.' }) accountId!: string;
  @Field() region!: string;
  @Field(() => String, { nullable: true, description: 'Null for the first observation of a task created (or a host scrub begun) through this gateway.' })
  previousState!: string | null;
  @Field({ description: 'A TaskEventState name (a Mac task state, an Automation status or a host state), e.g. IN_PROGRESS.' }) state!: string;
  @Field(() => String, { nullable: true, description: 'Automation: the step it is at (changes of step are events too).' }) currentStepName!: string | null;
  @Field(() => Date) at!: Date;
  @Field({ description: 'Nothing more happens on its own. A Mac host at rest (AVAILABLE) scrubs again after its next stop: new events follow then.' })
  isTerminal!: boolean;
  @Field(() => String, { nullable: true, description: 'MAC_HOST: the Mac on the host, while AWS lists it there (a stopped Mac is not).' }) instanceId!: string | null;
  @Field(() => String, { nullable: true }) documentName!: string | null;
  @Field(() => MacModificationTask, { nullable: true }) macModificationTask!: MacModificationTask | null;
  @Field(() => AutomationExecution, { nullable: true }) automationExecution!: AutomationExecution | null;
  @Field(() => MacHost, { nullable: true }) macHost!: MacHost | null;
}

@InputType({ description: 'Every given criterion must match (and any value within a list).' })
export class TaskEventFilter {
  @Field(() => [TaskEventKind], { nullable: true }) kinds?: TaskEventKind[];
  @Field(() => [TaskEventState], { nullable: true, description: 'New states to report, e.g. [SUCCESSFUL, FAILED, WAITING].' }) states?: TaskEventState[];
  @Field(() => String, { nullable: true }) instanceId?: string;
  @Field(() => String, { nullable: true }) documentName?: string;
}
