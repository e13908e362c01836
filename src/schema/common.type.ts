import { ArgsType, ClassType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ScopeError } from './account.type';

@ObjectType({ description: 'An AWS resource tag.' })
export class Tag {
  @Field() key!: string;
  @Field() value!: string;
}

@InputType({ description: 'A tag to attach to a created resource.' })
export class TagInput {
  @Field() key!: string;
  @Field() value!: string;
}

@InputType({ description: 'Match resources having tag `key`, with any of `values` when given (wildcards * and ? allowed).' })
export class TagFilterInput {
  @Field() key!: string;
  @Field(() => [String], { nullable: true }) values?: string[];
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}
export interface ConnectionShape<T> {
  edges: EdgeShape<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Items in this page, for clients that only need a count. */
  pageSize: number;
  /** Scopes that failed to answer: their rows are missing, every other scope's are here. */
  unavailableScopes: ScopeError[];
}

/** Relay-style connection and edge types for one node type; cursors wrap AWS NextTokens. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: 'Opaque; pass as `after` to continue after this node.' }) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType()
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [nodeType]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) pageSize!: number;
    @Field(() => [ScopeError], { description: 'Scopes (account × region) that could not answer; empty when every scope did. Each also adds an error with extensions { code, accountId, region }.' })
    unavailableScopes!: ScopeError[];
  }
  return ConnectionType;
}

/**
 * Where a mutation acts: every mutation input extends this (contract §3a). Without them the gateway
 * acts in the served scope that holds the resource, else in the only served account.
 */
@InputType()
export abstract class ScopedInput {
  @Field(() => String, { nullable: true, description: 'Default: the served account that holds the resource, else the only one (a runbook start names it when several are served).' })
  accountId?: string;
  @Field(() => String, { nullable: true, description: "Default: the region that holds the resource, else the account's first served region." }) region?: string;
}

/**
 * What every list query takes: a page, and the scopes to list (default: every served scope).
 * Results come from every selected scope at once; a cursor resumes each scope where it stopped.
 */
@ArgsType()
export class ScopedPageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Rows in this page (0 up to FLEETGRAPH_MAX_PAGE_SIZE), over every selected scope together.' }) first!: number;
  @Field(() => String, { nullable: true, description: 'A cursor from this query: every scope resumes where it stopped.' }) after?: string | null;
  @Field(() => [String], { nullable: true, description: 'Only these accounts (default: every served account).' }) accountIds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Only these regions (default: every served region of each account).' }) regions?: string[] | null;
  @Field(() => String, { nullable: true, description: 'One region: shorthand for `regions: [region]`.' }) region?: string | null;
}
