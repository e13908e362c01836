import { managedNodeId, parseNodeId, runbookId } from '../../../src/resolvers/global-id';

/** Global ids (the Node interface): what each names, and that nothing else is taken for one. */
describe('global ids', () => {
  it('takes AWS ids as they are, the kind from their shape', () => {
    expect(['i-0436b9de700000000', 'i-0436b9de', 'ami-0a0c2131717156075', 'h-0f8e98d120b6ef362', 'macmodification-01e4db05800000000', '34f0f45f-f585-46c5-be8d-fdd7a2cb4df5'].map((id) => parseNodeId(id))).toEqual([
      { type: 'Instance', awsId: 'i-0436b9de700000000' },
      { type: 'Instance', awsId: 'i-0436b9de' },
      { type: 'Image', awsId: 'ami-0a0c2131717156075' },
      { type: 'MacHost', awsId: 'h-0f8e98d120b6ef362' },
      { type: 'MacModificationTask', awsId: 'macmodification-01e4db05800000000' },
      { type: 'AutomationExecution', awsId: '34f0f45f-f585-46c5-be8d-fdd7a2cb4df5' },
    ]);
  });

  it('reads back the composite ids it makes, with their scope', () => {
    const node = { accountId: '720461938152', region: 'us-gov-west-1', instanceId: 'i-0436b9de700000000' };
    expect(managedNodeId(node)).toBe('managed-node:720461938152:us-gov-west-1:i-0436b9de700000000');
    expect(parseNodeId(managedNodeId(node))).toEqual({ type: 'ManagedNode', ...node });
    const runbook = { accountId: '583914027365', region: 'eu-central-1', name: 'AWS-RestartEC2Instance', documentVersion: '12' };
    expect(runbookId(runbook)).toBe('runbook:583914027365:eu-central-1:AWS-RestartEC2Instance:12');
    expect(parseNodeId(runbookId(runbook))).toEqual({ type: 'Runbook', accountId: '583914027365', region: 'eu-central-1', name: 'AWS-RestartEC2Instance', version: '12' });
    // Without a known version: the default one.
    expect(parseNodeId(runbookId({ ...runbook, documentVersion: null }))).toEqual({ type: 'Runbook', accountId: '583914027365', region: 'eu-central-1', name: 'AWS-RestartEC2Instance', version: null });
  });

  it.each([
    '',
    'i-0436b9de70000000',
    'I-0436B9DE700000000',
    'managed-node:72046193815:us-east-1:i-0436b9de700000000',
    'managed-node:720461938152:useast1:i-0436b9de700000000',
    'managed-node:720461938152:us-east-1:ami-0a0c2131717156075',
    'managed-node:720461938152:us-east-1:i-0436b9de700000000:extra',
    'runbook:720461938152:us-east-1:ab',
    'runbook:720461938152:us-east-1:AWS-RestartEC2Instance:$LATEST',
    'runbook:720461938152:us-east-1:AWS-RestartEC2Instance:0',
    'instance:720461938152:us-east-1:i-0436b9de700000000',
  ])('%j is not a node id', (id) => {
    expect(parseNodeId(id)).toBeNull();
  });
});
