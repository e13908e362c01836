import type { AuthMethod } from '../../config';
import type { ExplorerTab } from './page-config';

/**
 * What a first visit to the explorer shows: a Mac-fleet query that works on the demo world as
 * it is, and a live subscription. A test validates both against the committed schema.
 */
export const MAC_FLEET_QUERY = `# FleetGraph explorer, served by the gateway (works offline).
# Ctrl-Enter (Cmd-Enter) runs the operation. Queries go over
# HTTP, subscriptions over graphql-ws on the same path; the
# Headers pane below applies to both:
#   {"x-api-key": "..."} or {"authorization": "Bearer ..."}
query MacFleet {
  instances(filter: { macOnly: true }, first: 20) {
    nodes {
      id
      name
      instanceType
      isAppleSilicon
      state
      image { id name }
      macModificationTasks { id taskType state }
      managedNode { pingStatus agentVersion }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export const TASK_EVENTS_SUBSCRIPTION = `# Every change of a Mac modification task or Automation execution, as the gateway sees it.
subscription TaskEvents {
  taskEvents {
    kind
    taskId
    previousState
    state
    instanceId
    documentName
    at
  }
}
`;

export const DEFAULT_TABS: ExplorerTab[] = [{ query: MAC_FLEET_QUERY }, { query: TASK_EVENTS_SUBSCRIPTION }];

/** The header editor's starting contents: where the credential goes, for the configured methods. */
export function defaultHeadersFor(methods: readonly AuthMethod[]): string | undefined {
  if (methods.includes('apikey')) return JSON.stringify({ 'x-api-key': 'paste your API key here' }, null, 2);
  if (methods.includes('jwt')) return JSON.stringify({ authorization: 'Bearer paste-your-token-here' }, null, 2);
  return undefined;
}
