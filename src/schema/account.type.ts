import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A scope (account × region) that could not answer, or an account that cannot be reached (`region` null).' })
export class ScopeError {
  @Field() accountId!: string;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field({ description: 'The gateway error code: FORBIDDEN (AssumeRole or the call denied, a region the account has not enabled), AWS_THROTTLED, AWS_UNAVAILABLE, AWS_CREDENTIALS, …' })
  code!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'An AWS account this gateway serves; each of its regions is one scope.' })
export class Account {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "Organizations' name of the account, or the name given in FLEETGRAPH_ACCOUNTS." }) name!: string | null;
  @Field(() => String, { nullable: true, description: "Organizations' State (ACTIVE) when the account was discovered from the organisation." }) status!: string | null;
  @Field(() => [String], { description: 'The regions served in this account.' }) regions!: string[];
  /** The role assumed in it (not in the schema: an operator's detail). */
  roleArn?: string;
}
