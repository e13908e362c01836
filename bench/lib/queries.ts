/** The GraphQL operations the bench sends (results.json keeps them verbatim). */
export const INSTANCE_BY_ID = `query Lookup($id: String!) { instance(instanceId: $id) { id instanceType state } }`;

/** The issue's dashboard: 500 instances joined with their AMI, Mac tasks and SSM node. */
export const JOINED_500 = `query Dashboard { instances(first: 500) { nodes { id imageId isMac instanceType image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }`;

/** Issue 14's dashboard: the same join on 50 instances (about 16 kB of JSON), for the throughput scenario. */
export const JOINED_50 = `query Dashboard50 { instances(first: 50) { nodes { id imageId isMac instanceType image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }`;

export const PLAIN_1000 = `query Inventory { instances(first: 1000) { nodes { id name instanceType state } } }`;

export const EXECUTIONS_50 = `query Runs { automationExecutions(first: 50) { nodes { id documentName documentVersion steps { name status } targetInstances { id } runbook { name } } } }`;

/** What a fleet dashboard loads in one round trip: every family at once. */
export const FLEET_PAGE = `query FleetPage {
  macs: instances(filter: { macOnly: true }, first: 200) { nodes { id imageId isMac instanceType image { id name } macModificationTasks { id state } managedNode { pingStatus } } }
  activeTasks: macModificationTasks(filter: { states: [PENDING, IN_PROGRESS] }, first: 50) { nodes { id state instanceId instance { id instanceType } } }
  ownImages: images(filter: { owners: ["self"] }, first: 20) { nodes { id name public launchPermissions { userId group } } }
  runs: automationExecutions(first: 20) { nodes { id documentName documentVersion steps { name status } runbook { name } } }
}`;

/** The cache-fill attack: aliased instance lists whose `first` shifts, so every alias is a new cache key. */
export function aliasedFirsts(firsts: number[]): string {
  return `query Fill { ${firsts.map((n, i) => `a${i}: instances(first: ${n}) { nodes { id } }`).join(' ')} }`;
}
