import { Harness, type GqlResponse } from '../support/harness';

/**
 * "A failing field fails only that field" (issue 11): every field that needs its own AWS call is
 * nullable, so when that call fails the rows stay and only the field is null, with the error
 * (AWS_UNAVAILABLE, AWS's code) at its path. Each join's AWS action fails in turn, through the
 * simulator's fault injection, and the dashboard queries are compared with their fault-free answer.
 */
type Row = Record<string, unknown>;

interface Join {
  /** The AWS action that fails (every call of it). */
  action: string;
  /** The root connection queried; its rows are at data[root].nodes. */
  root: string;
  query: string;
  /** The fields that fail with it. */
  fields: string[];
  /** Which rows need the call (others answer without AWS, e.g. tasks of a non-Mac instance). */
  calls?: (row: Row) => boolean;
}

const INSTANCES = '{ instances(first: 100) { nodes { id isMac hostId image { id } macModificationTasks { id } managedNode { pingStatus } host { id } } } }';
const IMAGES = '{ images(first: 100, filter: { owners: ["self"] }) { nodes { id launchPermissions { userId group } } } }';
const TASKS = '{ macModificationTasks(first: 100) { nodes { id instance { id } } } }';
const EXECUTIONS =
  '{ automationExecutions(first: 50) { nodes { id parameters { name values } steps { name status } progress { totalSteps } targetInstances { id } runbook { name } } } }';
const RUNBOOKS = '{ runbooks(first: 50) { nodes { name description parameters { name } steps { name } } } }';
const HOSTS = '{ macHosts(first: 100) { nodes { id instances { id } macOsLatestSupportedVersions } } }';

const SSM_ACTIONS = new Set(['DescribeInstanceInformation', 'GetAutomationExecution', 'DescribeDocument', 'GetDocument']);

const JOINS: Join[] = [
  { action: 'DescribeImages', root: 'instances', query: INSTANCES, fields: ['image'] },
  { action: 'DescribeMacModificationTasks', root: 'instances', query: INSTANCES, fields: ['macModificationTasks'], calls: (r) => r.isMac === true },
  { action: 'DescribeInstanceInformation', root: 'instances', query: INSTANCES, fields: ['managedNode'] },
  { action: 'DescribeHosts', root: 'instances', query: INSTANCES, fields: ['host'], calls: (r) => r.hostId !== null },
  { action: 'DescribeImageAttribute', root: 'images', query: IMAGES, fields: ['launchPermissions'] },
  { action: 'DescribeInstances', root: 'macModificationTasks', query: TASKS, fields: ['instance'] },
  { action: 'GetAutomationExecution', root: 'automationExecutions', query: EXECUTIONS, fields: ['parameters', 'steps', 'progress', 'targetInstances'] },
  { action: 'DescribeDocument', root: 'automationExecutions', query: EXECUTIONS, fields: ['runbook'] },
  { action: 'GetDocument', root: 'runbooks', query: RUNBOOKS, fields: ['parameters', 'steps'] },
  { action: 'DescribeDocument', root: 'runbooks', query: RUNBOOKS, fields: ['description'] },
  { action: 'DescribeInstances', root: 'macHosts', query: HOSTS, fields: ['instances'], calls: (r) => Array.isArray(r.instances) && r.instances.length > 0 },
  { action: 'DescribeMacHosts', root: 'macHosts', query: HOSTS, fields: ['macOsLatestSupportedVersions'] },
];

describe('a failing field fails only that field', () => {
  let h: Harness;
  const baseline = new Map<string, Row[]>();
  beforeAll(async () => {
    // One attempt: a fault is final; the queries are priced above the default limit on purpose.
    h = await Harness.start({ env: { FLEETGRAPH_AWS_MAX_ATTEMPTS: '1', FLEETGRAPH_MAX_COST: '1000000', FLEETGRAPH_MAX_AWS_CALLS: '10000' } });
    for (const join of JOINS) {
      if (baseline.has(join.query)) continue;
      const res = await h.gql(join.query);
      expect(res.errors).toBeUndefined();
      baseline.set(join.query, (res.data as Record<string, { nodes: Row[] }>)[join.root].nodes);
    }
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { faults: { errorRate: 0 } }));

  it.each(JOINS.map((j) => [`${j.root} { ${j.fields.join(' ')} }`, j.action, j] as const))('%s with %s failing: every row, the field null, the error at its path', async (_name, action, join) => {
    const rows = baseline.get(join.query)!;
    const affected = rows.map((row, i) => [row, i] as const).filter(([row]) => (join.calls ?? (() => true))(row));
    // The world holds rows the join really serves, so the test can fail.
    expect(affected.length).toBeGreaterThan(0);

    await h.simAdmin('config', { faults: { errorRate: 1, actions: [action] } });
    const res: GqlResponse = await h.gql(join.query);

    expect(res.status).toBe(200);
    const expected = rows.map((row, i) => (affected.some(([, j]) => j === i) ? { ...row, ...Object.fromEntries(join.fields.map((f) => [f, null])) } : row));
    expect((res.data as Record<string, { nodes: Row[] }>)[join.root].nodes).toEqual(expected);
    const paths = affected.flatMap(([, i]) => join.fields.map((f) => [join.root, 'nodes', i, f]));
    expect((res.errors ?? []).map((e) => e.path)).toEqual(expect.arrayContaining(paths));
    expect(res.errors).toHaveLength(paths.length);
    // AWS's own code for a 500: EC2 says InternalError, SSM InternalServerError.
    const awsCode = SSM_ACTIONS.has(action) ? 'InternalServerError' : 'InternalError';
    for (const e of res.errors!) expect(e.extensions).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode, httpStatus: 500 });
  });
});
