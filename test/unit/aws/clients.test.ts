import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ClientPool, DEFAULT_MAX_SCOPES_PER_SERVICE } from '../../../src/aws/clients';
import { scopeOf } from '../../../src/aws/scope';

/** No network: clients are only constructed (a dummy endpoint and credentials), never called. */
describe('ClientPool scope cache', () => {
  const options = { endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
  const ACCOUNT = '210987654321';
  const region = (i: number) => scopeOf(ACCOUNT, `zz-test-${i}`);
  const at = (r: string, account = ACCOUNT) => scopeOf(account, r);
  let ec2Destroy: jest.SpyInstance;
  let ssmDestroy: jest.SpyInstance;

  beforeEach(() => {
    ec2Destroy = jest.spyOn(EC2Client.prototype, 'destroy');
    ssmDestroy = jest.spyOn(SSMClient.prototype, 'destroy');
  });
  afterEach(() => jest.restoreAllMocks());

  it('reuses one client per scope and configures it for that region', async () => {
    const f = new ClientPool(options);
    const a = f.ec2(at('us-east-1'));
    expect(f.ec2(at('us-east-1'))).toBe(a);
    expect(f.ec2(at('eu-west-1'))).not.toBe(a);
    // Another account in the same region is another scope: its own client (and credentials).
    expect(f.ec2(at('us-east-1', '109876543210'))).not.toBe(a);
    expect(await a.config.region()).toBe('us-east-1');
    expect(await f.ssm(at('eu-west-1')).config.region()).toBe('eu-west-1');
    expect(await f.sts(at('eu-west-1')).config.region()).toBe('eu-west-1');
    f.destroy();
  });

  it('takes credentials per account from credentialsFor (the multi-account seam)', async () => {
    const f = new ClientPool({ endpoint: options.endpoint, credentialsFor: (accountId) => ({ accessKeyId: `AKID${accountId}`, secretAccessKey: 's' }) });
    const creds = await f.ec2(at('us-east-1', '109876543210')).config.credentials();
    expect(creds.accessKeyId).toBe('AKID109876543210');
    f.destroy();
  });

  it(`keeps the ${DEFAULT_MAX_SCOPES_PER_SERVICE} most recently used scopes and destroys the evicted client`, () => {
    expect(DEFAULT_MAX_SCOPES_PER_SERVICE).toBe(64);
    const f = new ClientPool({ ...options, maxScopesPerService: 32 });
    const clients = Array.from({ length: 32 }, (_, i) => f.ec2(region(i)));
    expect(new Set(clients).size).toBe(32);
    expect(ec2Destroy).not.toHaveBeenCalled();

    // Using region 0 again makes region 1 the least recently used.
    expect(f.ec2(region(0))).toBe(clients[0]);
    f.ec2(region(32));
    expect(ec2Destroy).toHaveBeenCalledTimes(1);
    expect(ec2Destroy.mock.contexts[0]).toBe(clients[1]);

    // Region 0 survived; region 1 is built afresh (evicting region 2, now the oldest).
    expect(f.ec2(region(0))).toBe(clients[0]);
    const again = f.ec2(region(1));
    expect(again).not.toBe(clients[1]);
    expect(ec2Destroy).toHaveBeenCalledTimes(2);
    expect(ec2Destroy.mock.contexts[1]).toBe(clients[2]);
    expect(ssmDestroy).not.toHaveBeenCalled(); // the services have separate caches

    f.destroy();
    expect(ec2Destroy).toHaveBeenCalledTimes(2 + 32);
  });

  it('bounds a flood of made-up regions per service', () => {
    const f = new ClientPool({ ...options, maxScopesPerService: 3 });
    const created: SSMClient[] = [];
    for (let i = 0; i < 100; i++) created.push(f.ssm(region(i)));
    expect(ssmDestroy).toHaveBeenCalledTimes(97);
    expect(ssmDestroy.mock.contexts).toEqual(created.slice(0, 97));
    // The survivors are the last three.
    for (const i of [97, 98, 99]) expect(f.ssm(region(i))).toBe(created[i]);
    expect(ssmDestroy).toHaveBeenCalledTimes(97);
  });

  it('keeps every served scope of a large organisation, plus room for the regions queries name', () => {
    const f = new ClientPool(options);
    f.reserve(300);
    const served = Array.from({ length: 300 }, (_, i) => f.ec2(scopeOf(String(100000000000 + i), 'us-east-1')));
    expect(ec2Destroy).not.toHaveBeenCalled();
    expect(f.ec2(scopeOf('100000000000', 'us-east-1'))).toBe(served[0]);
    f.destroy();
  });

  it('destroy() destroys every cached client and empties the caches', () => {
    const f = new ClientPool(options);
    const e = f.ec2(at('us-east-1'));
    const s = f.ssm(at('us-east-1'));
    f.destroy();
    expect(ec2Destroy.mock.contexts).toEqual([e]);
    expect(ssmDestroy.mock.contexts).toEqual([s]);
    expect(f.ec2(at('us-east-1'))).not.toBe(e);
    f.destroy();
  });
});
