import { makeWorld } from './support/ssm-world';

describe('SSM simulator: managed nodes', () => {
  const w = makeWorld(120);

  it('lists managed nodes for most running instances, paginated (MaxResults 5–50)', () => {
    const nodes: any[] = [];
    let token: string | undefined;
    do {
      const r = w.call('DescribeInstanceInformation', { MaxResults: 50, ...(token ? { NextToken: token } : {}) });
      nodes.push(...r.InstanceInformationList);
      token = r.NextToken;
    } while (token);
    const running = w.instances.filter((i) => i.state === 'running');
    expect(nodes.length).toBeGreaterThan(running.length * 0.8);
    expect(nodes.length).toBeLessThanOrEqual(running.length);
    expect(new Set(nodes.map((n) => n.InstanceId)).size).toBe(nodes.length);
    const stopped = new Set(w.instances.filter((i) => i.state !== 'running').map((i) => i.instanceId));
    expect(nodes.some((n) => stopped.has(n.InstanceId))).toBe(false);
    const mac = nodes.find((n) => n.PlatformType === 'MacOS');
    expect(mac).toMatchObject({ PlatformName: 'macOS', ResourceType: 'EC2Instance', PingStatus: expect.stringMatching(/^(Online|ConnectionLost)$/), AgentVersion: expect.any(String), IsLatestVersion: expect.any(Boolean), ComputerName: expect.any(String), IPAddress: expect.any(String) });
    expect(typeof mac.LastPingDateTime).toBe('number');
    expect(new Set(nodes.map((n) => n.PingStatus))).toEqual(new Set(['Online', 'ConnectionLost']));
    expect(w.call('DescribeInstanceInformation', {}).InstanceInformationList).toHaveLength(10);
  });

  it('filters by InstanceIds (1–100 values, either filter shape; unknown ids are simply absent), PingStatus, PlatformTypes, legacy list', () => {
    const pages = (body: Record<string, unknown>): string[] => {
      const out: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = w.call('DescribeInstanceInformation', { ...body, MaxResults: 50, NextToken });
        out.push(...page.InstanceInformationList.map((n: any) => n.InstanceId));
        NextToken = page.NextToken;
      } while (NextToken);
      return out;
    };
    const ids = w.instances.slice(0, 100).map((i) => i.instanceId);
    const managedAmongIds = pages({}).filter((id) => ids.includes(id));
    expect(managedAmongIds.length).toBeGreaterThan(50);
    expect(pages({ Filters: [{ Key: 'InstanceIds', Values: ids }] })).toEqual(managedAmongIds);
    expect(pages({ InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: ids }] })).toEqual(managedAmongIds);
    const r = w.call('DescribeInstanceInformation', { Filters: [{ Key: 'InstanceIds', Values: ids }] }).InstanceInformationList;
    const withUnknown = w.call('DescribeInstanceInformation', { Filters: [{ Key: 'InstanceIds', Values: [r[0].InstanceId, 'i-0fffffffffffffff0'] }] }).InstanceInformationList;
    expect(withUnknown.map((n: any) => n.InstanceId)).toEqual([r[0].InstanceId]);
    const tooMany = [...ids, 'i-0fffffffffffffff0'];
    expect(w.error('DescribeInstanceInformation', { Filters: [{ Key: 'InstanceIds', Values: tooMany }] }).message).toBe(
      "1 validation error detected: Value '[101 values]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 100",
    );
    expect(w.error('DescribeInstanceInformation', { InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: tooMany }] }).code).toBe('ValidationException');
    const legacy = w.call('DescribeInstanceInformation', { InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [r[0].InstanceId] }] }).InstanceInformationList;
    expect(legacy).toHaveLength(1);
    const mac = w.call('DescribeInstanceInformation', { Filters: [{ Key: 'PlatformTypes', Values: ['MacOS'] }, { Key: 'PingStatus', Values: ['Online'] }], MaxResults: 50 }).InstanceInformationList;
    expect(mac.length).toBeGreaterThan(0);
    expect(mac.every((n: any) => n.PlatformType === 'MacOS' && n.PingStatus === 'Online')).toBe(true);
    expect(w.call('DescribeInstanceInformation', { Filters: [{ Key: 'tag:Name', Values: ['node-1'] }] }).InstanceInformationList.map((n: any) => n.InstanceId)).toEqual([w.instances[1].instanceId]);
  });

  it('rejects bad DescribeInstanceInformation input', () => {
    expect(w.error('DescribeInstanceInformation', { MaxResults: 4 }).code).toBe('ValidationException');
    expect(w.error('DescribeInstanceInformation', { MaxResults: 51 }).code).toBe('ValidationException');
    expect(w.error('DescribeInstanceInformation', { NextToken: 'x' }).code).toBe('InvalidNextToken');
    expect(w.error('DescribeInstanceInformation', { Filters: [{ Key: 'Colour', Values: ['x'] }] }).code).toBe('InvalidFilterKey');
    expect(w.error('DescribeInstanceInformation', { Filters: [{ Key: 'PingStatus', Values: ['Asleep'] }] }).code).toBe('InvalidInstanceInformationFilterValue');
    expect(
      w.error('DescribeInstanceInformation', { Filters: [{ Key: 'PingStatus', Values: ['Online'] }], InstanceInformationFilterList: [{ key: 'PingStatus', valueSet: ['Online'] }] }).code,
    ).toBe('ValidationException');
  });

  it('pages through the managed nodes of 5000 instances', () => {
    const big = makeWorld(5000);
    let token: string | undefined;
    let n = 0;
    do {
      const r = big.call('DescribeInstanceInformation', { MaxResults: 50, ...(token ? { NextToken: token } : {}) });
      n += r.InstanceInformationList.length;
      token = r.NextToken;
    } while (token);
    const ex = big.call('DescribeAutomationExecutions', { MaxResults: 50 });
    expect(ex.AutomationExecutionMetadataList).toHaveLength(50);
    expect(n).toBe(big.ssm.worldSummary().managedNodes);
    expect(n).toBeGreaterThan(3500);
  });
});
