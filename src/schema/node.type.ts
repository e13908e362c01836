import { Field, ID, InterfaceType } from 'type-graphql';

/** The concrete type of each value `Query.node` answers with (values are plain objects, not class instances). */
const nodeTypes = new WeakMap<object, string>();

/** Says which object type a value resolved through the Node interface is. */
export function asNode<T extends object>(typeName: string, value: T): T {
  nodeTypes.set(value, typeName);
  return value;
}

@InterfaceType({
  description:
    'An object with a global identity (Relay): `id` is unique across kinds, accounts and regions, and `node(id:)` fetches it again. AWS resources keep their AWS id (instance, AMI, Dedicated Host, Mac modification task and Automation execution ids are unique across accounts and regions); objects AWS gives no id of their own have a composite one (`ManagedNode`, `Runbook`).',
  resolveType: (value: object) => nodeTypes.get(value),
})
export abstract class Node {
  @Field(() => ID) id!: string;
}
