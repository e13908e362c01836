/** The standalone simulator's settings from the environment: defaults, every variable, one problem per bad one. */
import { readSimulatorEnv } from '../src/env';

test('defaults: port 4599, 40 instances, 3 accounts × us-east-1, us-west-2, time x60, throttling on, no latency', () => {
  expect(readSimulatorEnv({})).toEqual({
    settings: {
      port: 4599,
      instances: 40,
      accounts: 3,
      regions: ['us-east-1', 'us-west-2'],
      timeScale: 60,
      throttling: true,
      seed: 42,
      latencyMs: { min: 0, max: 0 },
      logRequests: false,
    },
    problems: [],
  });
});

test('every variable', () => {
  const { settings, problems } = readSimulatorEnv({
    FLEETGRAPH_SIMULATOR_PORT: '0',
    SIM_INSTANCES: '5000',
    SIM_ACCOUNTS: '5',
    SIM_REGIONS: ' eu-west-1, ap-east-1 ',
    SIM_TIME_SCALE: '0',
    SIM_THROTTLING: 'off',
    SIM_SEED: '7',
    SIM_LATENCY_MS: '20-60',
    SIM_LOG_REQUESTS: '1',
  });
  expect(problems).toEqual([]);
  expect(settings).toEqual({ port: 0, instances: 5000, accounts: 5, regions: ['eu-west-1', 'ap-east-1'], timeScale: 0, throttling: false, seed: 7, latencyMs: { min: 20, max: 60 }, logRequests: true });
  expect(readSimulatorEnv({ SIM_LATENCY_MS: '30' }).settings.latencyMs).toEqual({ min: 30, max: 30 });
});

test('one problem per bad variable, all at once', () => {
  expect(
    readSimulatorEnv({ SIM_ACCOUNTS: '0', SIM_REGIONS: 'us-east-1,Moon', SIM_LATENCY_MS: '60-20', FLEETGRAPH_SIMULATOR_PORT: '70000' }).problems,
  ).toEqual([
    'FLEETGRAPH_SIMULATOR_PORT must be an integer from 0 to 65535, got "70000"',
    'SIM_ACCOUNTS must be an integer from 1 to 50, got "0"',
    'SIM_REGIONS must be a comma list of distinct region names (e.g. us-east-1,us-west-2), got "us-east-1,Moon"',
    'SIM_LATENCY_MS must be milliseconds ("30") or a range ("20-60") up to 60000, got "60-20"',
  ]);
  expect(readSimulatorEnv({ SIM_REGIONS: 'us-east-1,us-east-1' }).problems).toHaveLength(1);
});
