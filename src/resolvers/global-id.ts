import { IdPattern } from '../validation/ids';

/**
 * Global ids of the Node interface. AWS resources keep their AWS id: instance (`i-`), AMI (`ami-`),
 * Dedicated Host (`h-`), Mac modification task (`macmodification-`) and Automation execution (a
 * UUID) ids are unique across accounts and regions, so a client's cache and `node(id:)` can use
 * them as they are, and the kind follows from the prefix. Objects AWS gives no id of their own
 * carry their scope in a readable composite id (a document name has no `:`):
 *   managed-node:<accountId>:<region>:<instanceId>
 *   runbook:<accountId>:<region>:<documentName>[:<documentVersion>]   (no version: the default one)
 */
export type NodeRef =
  | { type: AwsIdType; awsId: string }
  | { type: 'ManagedNode'; accountId: string; region: string; instanceId: string }
  | { type: 'Runbook'; accountId: string; region: string; name: string; version: string | null };

type AwsIdType = 'Instance' | 'Image' | 'MacHost' | 'MacModificationTask' | 'AutomationExecution';

const AWS_ID_TYPES: ReadonlyArray<[AwsIdType, RegExp]> = [
  ['Instance', IdPattern.instance],
  ['Image', IdPattern.image],
  ['MacHost', IdPattern.host],
  ['MacModificationTask', IdPattern.macTask],
  ['AutomationExecution', IdPattern.automationExecution],
];

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;
const DOCUMENT_VERSION = /^(?:[1-9]\d{0,9})$/;

export const managedNodeId = (n: { accountId: string; region: string; instanceId: string }): string => `managed-node:${n.accountId}:${n.region}:${n.instanceId}`;

export const runbookId = (r: { accountId: string; region: string; name: string; documentVersion?: string | null }): string =>
  `runbook:${r.accountId}:${r.region}:${r.name}${r.documentVersion ? `:${r.documentVersion}` : ''}`;

/** What a global id names, or null when it is not one this gateway gives out. */
export function parseNodeId(id: string): NodeRef | null {
  const aws = AWS_ID_TYPES.find(([, pattern]) => pattern.test(id));
  if (aws) return { type: aws[0], awsId: id };
  const [kind, accountId, region, ...rest] = id.split(':');
  if (!IdPattern.account.test(accountId ?? '') || !REGION.test(region ?? '')) return null;
  if (kind === 'managed-node' && rest.length === 1 && IdPattern.instance.test(rest[0])) return { type: 'ManagedNode', accountId, region, instanceId: rest[0] };
  if (kind === 'runbook' && (rest.length === 1 || rest.length === 2) && DOCUMENT_NAME.test(rest[0]) && (rest.length === 1 || DOCUMENT_VERSION.test(rest[1]))) {
    return { type: 'Runbook', accountId, region, name: rest[0], version: rest[1] ?? null };
  }
  return null;
}
