/** The GraphQL operations the bench sends (kept verbatim in results.json). */
export const JOINED_500 = `{ instances(first: 500) { nodes { id imageId isMac image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }`;

export const PLAIN_1000 = `{ instances(first: 1000) { nodes { id name instanceType state } } }`;

export const EXECUTIONS_50 = `{ automationExecutions(first: 50) { nodes { id documentName documentVersion steps { name status } targetInstances { id } runbook { name } } } }`;

/** What a fleet dashboard might load in one round trip: every family at once. */
export const DASHBOARD = `{
  macs: instances(filter: { macOnly: true }, first: 200) { nodes { id imageId isMac instanceType image { id name } macModificationTasks { id state } managedNode { pingStatus } } }
  activeTasks: macModificationTasks(filter: { states: [PENDING, IN_PROGRESS] }, first: 50) { nodes { id state instanceId instance { id instanceType } } }
  ownImages: images(filter: { owners: ["self"] }, first: 20) { nodes { id name public launchPermissions { userId group } } }
  runs: automationExecutions(first: 20) { nodes { id documentName documentVersion steps { name status } runbook { name } } }
}`;

export const INSTANCE_BY_ID = `query($id: String!) { instance(instanceId: $id) { id name state instanceType } }`;

export const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id state } } }`;

export const TASK_SUB = `subscription($id: String!) { macModificationTaskUpdated(taskId: $id) { id state isTerminal instance { id instanceType } } }`;
