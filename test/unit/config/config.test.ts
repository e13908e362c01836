import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { ConfigError, createEnvReader, loadConfig, type AppConfig, type Env } from '../../../src/config';

const problemsOf = (env: Env): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('with no environment: the embedded simulator on port 4000, every documented default', () => {
    const expected: AppConfig = {
      server: { port: 4000, host: '0.0.0.0', production: false, maxBodyBytes: 102400, cors: { origins: [] }, explorer: 'graphiql', responseCache: { maxBytes: 16777216, maxEntries: 1000 } },
      aws: {
        backend: 'simulator',
        defaultRegion: 'us-east-1',
        cacheTtlMs: 2000,
        maxAttempts: 3,
        perItemConcurrency: 8,
        maxPageSize: 1000,
        automationRoleArns: [],
        batchWindowMs: 5, batchMaxWaitMs: 100, budgetShare: 0.5, budgetDeadlineMs: 5000, budgetOverrides: {}, cacheMaxBytes: 33554432, cacheMaxEntries: 10000,
      },
      // The simulator's whole organisation, through the least-privilege operator role, every enabled region.
      scopes: {
        accounts: { mode: 'organization', roleName: 'FleetGraphOperator', externalId: 'fleetgraph-operator-7d41c2', exclude: [] },
        regions: { mode: 'discover', fallback: [] },
      },
      auth: { methods: [], apiKeys: [], jwt: null },
      limits: {
        maxDepth: 12,
        maxAliases: 30,
        maxDirectives: 20,
        maxTokens: 5000,
        maxCost: 5000,
        maxAwsCalls: 200,
        maxListLength: 200,
        hideSuggestions: false,
        execution: { maxResponseBytes: 5242880, maxExecutionMs: 15000 },
        budget: { perSecond: 3000, burst: 15000 },
        webSocket: { maxOperationsPerSocket: 20, maxSocketsPerPrincipal: 100, connectionInitTimeoutMs: 3000 },
      },
      watcher: { minIntervalMs: 1000, maxIntervalMs: 5000, discoveryIntervalMs: 5000, leaseMs: 15000 },
      simulator: { port: 4599, instances: 40, accounts: 3, regions: ['us-east-1', 'us-west-2'], timeScale: 60, throttling: true, seed: 42, latencyMs: { min: 0, max: 0 } },
      messaging: {},
      observability: { logLevel: 'info', metricsPublic: false },
    };
    expect(loadConfig({})).toEqual(expected);
  });

  it('reads every section from its variables', () => {
    const key = createApiKeyEntry('ci-bot', ['operator']).entry;
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      FLEETGRAPH_MAX_BODY_BYTES: '2048',
      FLEETGRAPH_CORS_ORIGINS: 'https://console.example.com',
      FLEETGRAPH_BACKEND: 'aws',
      AWS_REGION: 'eu-west-1',
      FLEETGRAPH_REGIONS: 'eu-west-1, us-east-1',
      FLEETGRAPH_ORGANIZATION_ROLE_NAME: 'FleetGraphReadOnly',
      FLEETGRAPH_ORGANIZATION_EXTERNAL_ID: 'ext-id-4242',
      FLEETGRAPH_ACCOUNTS_EXCLUDE: '369205817740',
      FLEETGRAPH_CACHE_TTL_MS: '0',
      FLEETGRAPH_AWS_MAX_ATTEMPTS: '5',
      FLEETGRAPH_AWS_CONCURRENCY: '4',
      FLEETGRAPH_MAX_PAGE_SIZE: '200',
      FLEETGRAPH_ACCOUNT_ID: '210987654321',
      FLEETGRAPH_AWS_BATCH_WINDOW_MS: '10',
      FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS: '250',
      FLEETGRAPH_AWS_BUDGET_SHARE: '0.25',
      FLEETGRAPH_AWS_BUDGET_DEADLINE_MS: '2000',
      FLEETGRAPH_AWS_BUDGETS: '{"ec2-describe": {"capacity": 200, "refillPerSecond": 40}}',
      FLEETGRAPH_CACHE_MAX_BYTES: '1048576',
      FLEETGRAPH_CACHE_MAX_ENTRIES: '500',
      FLEETGRAPH_RESPONSE_CACHE_MAX_BYTES: '0',
      FLEETGRAPH_RESPONSE_CACHE_MAX_ENTRIES: '50',
      FLEETGRAPH_AUTH_MODE: 'apikey',
      FLEETGRAPH_API_KEYS: JSON.stringify([key]),
      FLEETGRAPH_MAX_DEPTH: '8',
      FLEETGRAPH_MAX_ALIASES: '5',
      FLEETGRAPH_MAX_DIRECTIVES: '6',
      FLEETGRAPH_MAX_TOKENS: '900',
      FLEETGRAPH_MAX_COST: '700',
      FLEETGRAPH_MAX_AWS_CALLS: '40',
      FLEETGRAPH_AUTOMATION_ROLE_ARNS: 'arn:aws:iam::210987654321:role/FleetGraphAutomation, arn:aws:iam::210987654321:role/path/MacReboot',
      FLEETGRAPH_MAX_LIST_LENGTH: '50',
      FLEETGRAPH_MAX_RESPONSE_BYTES: '65536',
      FLEETGRAPH_MAX_EXECUTION_MS: '2000',
      FLEETGRAPH_BUDGET_PER_SECOND: '0',
      FLEETGRAPH_BUDGET_BURST: '700',
      FLEETGRAPH_WS_MAX_OPERATIONS: '4',
      FLEETGRAPH_WS_MAX_SOCKETS_PER_PRINCIPAL: '3',
      FLEETGRAPH_WS_INIT_TIMEOUT_MS: '1000',
      FLEETGRAPH_POLL_MIN_MS: '2000',
      FLEETGRAPH_POLL_MAX_MS: '20000',
      FLEETGRAPH_DISCOVERY_MS: '10000',
      FLEETGRAPH_LEASE_MS: '60000',
      FLEETGRAPH_SIMULATOR_PORT: '0',
      SIM_INSTANCES: '0',
      SIM_ACCOUNTS: '5',
      SIM_REGIONS: 'eu-west-1,us-east-1',
      SIM_TIME_SCALE: '0.5',
      SIM_THROTTLING: 'off',
      SIM_SEED: '7',
      SIM_LATENCY_MS: '20-60',
      REDIS_URL: 'rediss://cache.internal:6380',
      LOG_LEVEL: 'warn',
      FLEETGRAPH_METRICS_TOKEN: 'a-long-enough-metrics-token',
      FLEETGRAPH_EXPLORER: 'off',
    });
    expect(config).toEqual({
      server: {
        port: 8080,
        host: '127.0.0.1',
        production: true,
        maxBodyBytes: 2048,
        cors: { origins: ['https://console.example.com'] },
        explorer: 'off',
        responseCache: { maxBytes: 0, maxEntries: 50 },
      },
      aws: {
        backend: 'aws',
        defaultRegion: 'eu-west-1',
        cacheTtlMs: 0,
        maxAttempts: 5,
        perItemConcurrency: 4,
        maxPageSize: 200,
        automationRoleArns: ['arn:aws:iam::210987654321:role/FleetGraphAutomation', 'arn:aws:iam::210987654321:role/path/MacReboot'],
        accountId: '210987654321',
        batchWindowMs: 10,
        batchMaxWaitMs: 250,
        budgetShare: 0.25,
        budgetDeadlineMs: 2000,
        budgetOverrides: { 'ec2-describe': { capacity: 200, refillPerSecond: 40 } },
        cacheMaxBytes: 1048576,
        cacheMaxEntries: 500,
      },
      scopes: {
        accounts: { mode: 'organization', roleName: 'FleetGraphReadOnly', externalId: 'ext-id-4242', exclude: ['369205817740'] },
        regions: { mode: 'list', regions: ['eu-west-1', 'us-east-1'] },
      },
      auth: { methods: ['apikey'], apiKeys: [key], jwt: null },
      limits: {
        maxDepth: 8,
        maxAliases: 5,
        maxDirectives: 6,
        maxTokens: 900,
        maxCost: 700,
        maxAwsCalls: 40,
        maxListLength: 50,
        hideSuggestions: true,
        execution: { maxResponseBytes: 65536, maxExecutionMs: 2000 },
        budget: { perSecond: 0, burst: 700 },
        webSocket: { maxOperationsPerSocket: 4, maxSocketsPerPrincipal: 3, connectionInitTimeoutMs: 1000 },
      },
      watcher: { minIntervalMs: 2000, maxIntervalMs: 20000, discoveryIntervalMs: 10000, leaseMs: 60000 },
      simulator: { port: 0, instances: 0, accounts: 5, regions: ['eu-west-1', 'us-east-1'], timeScale: 0.5, throttling: false, seed: 7, latencyMs: { min: 20, max: 60 } },
      messaging: { redisUrl: 'rediss://cache.internal:6380' },
      observability: { logLevel: 'warn', metricsPublic: false, metricsToken: 'a-long-enough-metrics-token' },
    });
  });

  it('reports every bad setting of every section at once, one line each, in section order', () => {
    expect(
      problemsOf({
        PORT: '70000',
        FLEETGRAPH_CORS_ORIGINS: '*',
        FLEETGRAPH_BACKEND: 'lambda',
        AWS_REGION: 'Europe',
        FLEETGRAPH_REGIONS: 'us-east-1,mars-1',
        FLEETGRAPH_ACCOUNTS: '[{"accountId": 720461938152, "roleArn": "arn:aws:iam::720461938152:role/FleetGraphReadOnly"}]',
        FLEETGRAPH_ACCOUNT_ID: 'mine',
        FLEETGRAPH_AWS_BUDGET_SHARE: '2',
        FLEETGRAPH_AWS_BUDGETS: '{"ec2-everything": {"capacity": 1, "refillPerSecond": 1}}',
        FLEETGRAPH_AUTH_MODE: 'basic',
        FLEETGRAPH_MAX_COST: 'lots',
        FLEETGRAPH_POLL_MIN_MS: '9000',
        FLEETGRAPH_POLL_MAX_MS: '3000',
        SIM_THROTTLING: 'sometimes',
        REDIS_URL: 'http://cache:6379',
        LOG_LEVEL: 'loud',
        FLEETGRAPH_METRICS_TOKEN: 'short',
      }),
    ).toEqual([
      'PORT="70000" must be an integer between 0 and 65535',
      'FLEETGRAPH_CORS_ORIGINS contains "*", which is not an origin like https://console.example.com',
      'FLEETGRAPH_BACKEND="lambda" must be "simulator" or "aws"',
      'AWS_REGION="Europe" is not a region name',
      'FLEETGRAPH_ACCOUNT_ID must be a 12-digit AWS account id',
      'FLEETGRAPH_AWS_BUDGET_SHARE="2" must be a number between 0 and 1',
      'FLEETGRAPH_AWS_BUDGETS names unknown API class "ec2-everything" (known: ec2-describe, ec2-describe-instances-unfiltered, ec2-mutating, ec2-create-tags, ssm, sts, organizations)',
      'FLEETGRAPH_REGIONS contains "mars-1", which is not a region name',
      'FLEETGRAPH_ACCOUNTS[0].accountId must be a 12-digit account id (a string)',
      'FLEETGRAPH_AUTH_MODE="basic" must be one of none, apikey, jwt, apikey,jwt',
      'FLEETGRAPH_MAX_COST="lots" must be an integer between 1 and 10000000',
      'FLEETGRAPH_POLL_MAX_MS must be ≥ FLEETGRAPH_POLL_MIN_MS',
      'SIM_THROTTLING must be on/off, got "sometimes"',
      'REDIS_URL must start with redis:// or rediss://',
      'LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent',
      'FLEETGRAPH_METRICS_TOKEN must be at least 16 characters',
    ]);
  });

  it('never echoes a secret setting in a problem line', () => {
    const problems = problemsOf({ FLEETGRAPH_METRICS_TOKEN: 'secret-ish', REDIS_URL: 'http://user:hunter2@cache:6379' }).join('\n');
    expect(problems).not.toContain('secret-ish');
    expect(problems).not.toContain('hunter2');
  });

  describe('server', () => {
    it('is production only for NODE_ENV=production', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).server.production).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test' }).server.production).toBe(false);
      expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).server.production).toBe(true);
    });
  });

  describe('aws: the backend', () => {
    it('defaults to the embedded simulator outside production', () => {
      expect(loadConfig({}).aws.backend).toBe('simulator');
      expect(loadConfig({ NODE_ENV: 'development' }).aws.backend).toBe('simulator');
    });

    it('in production (the Docker image) must be chosen: aws, or the demo explicitly', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'FLEETGRAPH_BACKEND is not set: set FLEETGRAPH_BACKEND=aws with auth, or FLEETGRAPH_DEMO=true to serve the embedded simulator',
      ]);
      expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).aws.backend).toBe('simulator');
      expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_BACKEND: 'simulator' }).aws.backend).toBe('simulator');
      expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true' }).aws.backend).toBe('aws');
    });

    it('refuses the demo flag together with real AWS', () => {
      expect(problemsOf({ FLEETGRAPH_DEMO: 'true', FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true' })).toEqual([
        'FLEETGRAPH_DEMO=true serves the embedded simulator: it cannot be combined with FLEETGRAPH_BACKEND=aws',
      ]);
    });
  });

  describe('aws: regions', () => {
    it('takes AWS_REGION, then AWS_DEFAULT_REGION, and names the variable a bad value came from', () => {
      expect(loadConfig({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }).aws.defaultRegion).toBe('eu-west-1');
      expect(loadConfig({ AWS_DEFAULT_REGION: 'us-west-2' }).aws.defaultRegion).toBe('us-west-2');
      expect(loadConfig({ AWS_REGION: 'us-gov-west-1' }).aws.defaultRegion).toBe('us-gov-west-1');
      expect(problemsOf({ AWS_DEFAULT_REGION: 'west' })).toEqual(['AWS_DEFAULT_REGION="west" is not a region name']);
      expect(problemsOf({ FLEETGRAPH_AUTOMATION_ROLE_ARNS: 'arn:aws:iam::123456789012:role/Ok,arn:aws:iam::123456789012:user/NotARole' })).toEqual([
        'FLEETGRAPH_AUTOMATION_ROLE_ARNS: "arn:aws:iam::123456789012:user/NotARole" is not an IAM role ARN (arn:aws:iam::<account-id>:role/<name>)',
      ]);
    });
  });

  describe('watcher', () => {
    it('polls AWS gently by default and the fast simulator often', () => {
      expect(loadConfig({ FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true' }).watcher).toEqual({
        minIntervalMs: 5000,
        maxIntervalMs: 60000,
        discoveryIntervalMs: 30000,
        leaseMs: 180000,
      });
      expect(loadConfig({}).watcher).toEqual({ minIntervalMs: 1000, maxIntervalMs: 5000, discoveryIntervalMs: 5000, leaseMs: 15000 });
    });
  });

  describe('simulator', () => {
    it('accepts the sizes the simulator accepts (0 instances is an empty world) and nothing below', () => {
      expect(loadConfig({ SIM_INSTANCES: '0' }).simulator.instances).toBe(0);
      // The simulator package's own reader judges its variables: the embedded and the standalone simulator agree.
      expect(problemsOf({ SIM_INSTANCES: '-1' })).toEqual(['SIM_INSTANCES must be an integer from 0 to 1000000, got "-1"']);
      expect(problemsOf({ SIM_TIME_SCALE: '-2' })).toEqual(['SIM_TIME_SCALE must be a non-negative number, got "-2"']);
      expect(problemsOf({ SIM_ACCOUNTS: '0', SIM_REGIONS: 'us-east-1,us-east-1' })).toEqual([
        'SIM_ACCOUNTS must be an integer from 1 to 50, got "0"',
        'SIM_REGIONS must be a comma list of distinct region names (e.g. us-east-1,us-west-2), got "us-east-1,us-east-1"',
      ]);
    });
  });

  describe('observability', () => {
    it('takes any pino level for LOG_LEVEL', () => {
      for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) {
        expect(loadConfig({ LOG_LEVEL: level }).observability.logLevel).toBe(level);
      }
    });
  });
});

describe('the environment reader', () => {
  it('parses integers, numbers and booleans within their ranges, collecting problems', () => {
    const problems: string[] = [];
    const r = createEnvReader({ A: '12', B: '1.5', C: 'On', D: '', E: '3.5', F: 'maybe' }, problems);
    expect([r.int('A', 0, 0, 20), r.num('B', 0, 0, 2), r.bool('C', false), r.int('D', 7, 0, 9), r.int('E', 1, 0, 9), r.bool('F', true)]).toEqual([12, 1.5, true, 7, 1, true]);
    expect(problems).toEqual(['E="3.5" must be an integer between 0 and 9', 'F="maybe" must be true or false']);
  });

  it('refuses to read one variable twice, so every setting has one owner', () => {
    const r = createEnvReader({ NODE_ENV: 'production' }, []);
    r.str('NODE_ENV');
    expect(() => r.bool('NODE_ENV', false)).toThrow('config: NODE_ENV is read twice; give the setting one owner');
  });
});
