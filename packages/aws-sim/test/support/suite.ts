/** One simulator (and an EC2 client on it) for a test suite, back to the seed before each test. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RunningSimulator, SimulatorOptions, startSimulator } from '../../src/front/server';
import { ec2Client } from './sdk';

export interface SuiteSimulator {
  sim: RunningSimulator;
  ec2: EC2Client;
}

export function suiteSimulator(options: SimulatorOptions): SuiteSimulator {
  const t = {} as SuiteSimulator;
  beforeAll(async () => {
    t.sim = await startSimulator(options);
    t.ec2 = ec2Client(t.sim);
  });
  beforeEach(() => t.sim.reset());
  afterAll(async () => {
    t.ec2.destroy();
    await t.sim.close();
  });
  return t;
}
