import { ClassType, Field, InputType, Int, ObjectType } from 'type-graphql';

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
  }
  return ConnectionType;
}
