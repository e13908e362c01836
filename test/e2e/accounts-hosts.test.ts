import { MEMBER_ACCOUNT_IDS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

/**
 * Mac hosts, instance power and AMI governance across the organisation: a host or instance is found
 * in whichever served scope holds it, lists name each row's scope, and a mutation acts where its
 * resource lives — never in the management account by default.
 */
const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const MAC_CI_WEST = { accountId: MAC_CI, region: 'us-west-2' };

const STOP = `mutation($input: InstancesPowerInput!) { stopInstances(input: $input) {
  changes { instanceId previousState currentState } macHostsScrubbing { hostId host { id accountId region state } } } }`;

describe('Mac hosts across the organisation', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start({ organization: true });
    world = await h.world(MAC_CI_WEST);
  });
  afterAll(() => h.close());

  it('macHost finds a member account\'s host by id alone, with its scope and its instance', async () => {
    const mac = world.demo.idleAppleSiliconMac;
    const { instance } = await h.data(`query($id: String!) { instance(instanceId: $id) { host { id } } }`, { id: mac });
    const { macHost } = await h.data(`query($id: String!) { macHost(hostId: $id) { id accountId region instances { id accountId } } }`, { id: instance.host.id });
    expect(macHost).toEqual({ id: instance.host.id, accountId: MAC_CI, region: 'us-west-2', instances: [{ id: mac, accountId: MAC_CI }] });
  });

  it('macHosts over one account and region lists only that scope\'s hosts, every one of them', async () => {
    const { macHosts } = await h.data(`{ macHosts(accountIds: ["${MAC_CI}"], regions: ["us-west-2"], first: 100) { nodes { accountId region } unavailableScopes { accountId } } }`);
    expect(macHosts.unavailableScopes).toEqual([]);
    expect(macHosts.nodes).toHaveLength(world.counts.hosts);
    expect(new Set(macHosts.nodes.map((n: any) => `${n.accountId}/${n.region}`))).toEqual(new Set([`${MAC_CI}/us-west-2`]));
  });

  it('stopInstances on a member account\'s Mac stops it there, and says that host scrubs', async () => {
    const mac = world.demo.idleX86Mac;
    const { stopInstances } = await h.data(STOP, { input: { instanceIds: [mac] } });
    expect(stopInstances.changes).toEqual([{ instanceId: mac, previousState: 'RUNNING', currentState: 'STOPPING' }]);
    expect(stopInstances.macHostsScrubbing).toEqual([{ hostId: expect.stringMatching(/^h-/), host: { id: expect.stringMatching(/^h-/), accountId: MAC_CI, region: 'us-west-2', state: 'PENDING' } }]);
    const after = await h.world(MAC_CI_WEST);
    expect(after.instances.macX86.running).not.toContain(mac);
  });

  it('the account-level AMI setting names its account when several are served', async () => {
    const ambiguous = await h.gql(`{ imageBlockPublicAccess { state } }`);
    expect(ambiguous.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'accountId' }] });
    const { imageBlockPublicAccess } = await h.data(`{ imageBlockPublicAccess(accountId: "${SANDBOX}", region: "us-west-2") { state accountId region } }`);
    expect(imageBlockPublicAccess).toEqual({ state: 'UNBLOCKED', accountId: SANDBOX, region: 'us-west-2' });
  });
});
