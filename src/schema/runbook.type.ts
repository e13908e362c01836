import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from './common.type';
import { Node } from './node.type';

@ObjectType({ description: 'A runbook input parameter, as declared in the Automation document.' })
export class RunbookParameter {
  @Field() name!: string;
  @Field({ description: 'String, StringList, Integer, Boolean, MapList, StringMap, …' }) type!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field({ description: 'No default value: a start without it is refused.' }) required!: boolean;
  @Field(() => String, { nullable: true, description: 'The default, JSON-encoded when it is not a string.' }) defaultValue?: string | null;
  @Field(() => [String]) allowedValues!: string[];
  @Field(() => String, { nullable: true }) allowedPattern?: string | null;
}

@ObjectType({ description: 'A step the runbook declares.' })
export class RunbookStep {
  @Field() name!: string;
  @Field() action!: string;
}

@ObjectType({ description: 'An SSM Automation document, at one version.', implements: Node })
export class Runbook {
  @Field(() => ID, {
    description: '`runbook:<accountId>:<region>:<name>:<documentVersion>` (without the version when it is unknown: the default one): unique across accounts and regions, and one per version (see Node).',
  })
  id?: string; // computed from the scope, name and version (RunbookIdentity)
  @Field() name!: string;
  @Field() region!: string;
  @Field({ description: 'The AWS account it lives in (with `region`, its scope).' }) accountId!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) owner?: string | null;
  @Field(() => String, { nullable: true }) documentVersion?: string | null;
  @Field(() => [String]) platformTypes!: string[];
}

@ObjectType()
export class RunbookConnection extends Connection(Runbook, 'Runbook') {}

@InputType()
export class RunbookFilter {
  @Field({ nullable: true }) namePrefix?: string;
  @Field({ nullable: true, description: 'Amazon | Self | All (default All).' }) owner?: string;
}
