import 'reflect-metadata';
import { ScopeSetupError } from './aws';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { asyncStdout, createLogger } from './observability/logger';
import { startGateway, type RunningGateway } from './server/gateway';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID, SIM_SECRET_KEY, startSimulator, type RunningSimulator } from '@fleetgraph/aws-sim';

/**
 * Process entry: config → (simulator) → gateway → signal handling.
 *
 * stdout carries only pino's JSON lines, so a log shipper never meets a line it cannot parse:
 * the start-up banner is the `fleetgraph started` log line (the same facts, human-readable in
 * `msg`, structured beside it). Configuration problems go to stderr, one line each, exit 2;
 * a failure to start goes to stderr, exit 1.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const stdout = asyncStdout();
  const logger = createLogger({ level: config.observability.logLevel, destination: stdout });
  // A stray rejection (a library's fire-and-forget promise) must not take every subscription down.
  process.on('unhandledRejection', (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let simulator: RunningSimulator | undefined;
  if (config.aws.backend === 'simulator') {
    const { port, instances, accounts, regions, timeScale, throttling, seed, latencyMs } = config.simulator;
    simulator = await startSimulator({ port, instances, accounts, regions, timeScale, throttling, seed, latencyMs });
  }

  const gateway: RunningGateway = await startGateway({
    config,
    logger,
    ...(simulator
      ? {
          awsEndpoint: simulator.url,
          credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY },
          accountId: SIM_ACCOUNT_ID,
          awsClock: simulator.clock.now,
        }
      : {}),
  });
  const started = startedFacts(config, gateway, simulator);
  logger.info(started.facts, started.message);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await gateway.close();
    await simulator?.close();
    stdout.flushSync();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // One self-contained line per problem: each reads on its own in a log aggregator.
    process.stderr.write(err.problems.map((p) => `fleetgraph: invalid configuration: ${p}\n`).join(''));
    process.exit(2);
  }
}

/** What an operator needs to know once the gateway serves, as fields and as one sentence. */
function startedFacts(config: AppConfig, gateway: RunningGateway, simulator: RunningSimulator | undefined): { facts: Record<string, unknown>; message: string } {
  const { methods } = config.auth;
  const backend = simulator
    ? `embedded EC2/SSM simulator at ${simulator.url} (${config.simulator.accounts} accounts × ${config.simulator.regions.join(', ')}; ${config.simulator.instances} instances in the first scope, time x${config.simulator.timeScale}); admin at ${simulator.url}/_sim/stats`
    : `AWS (default credential chain; region ${config.aws.defaultRegion})`;
  const auth = methods.length ? methods.join(' + ') : 'none (every caller has every role)';
  return {
    facts: {
      url: gateway.url,
      wsUrl: gateway.wsUrl,
      backend: config.aws.backend,
      ...(simulator ? { simulatorUrl: simulator.url, simulatorInstances: config.simulator.instances, simulatorTimeScale: config.simulator.timeScale } : {}),
      defaultRegion: config.aws.defaultRegion,
      accounts: gateway.aws.accounts().map((a) => a.id),
      scopes: gateway.aws.scopes().length,
      auth: methods.length ? methods : ['none'],
    },
    message: `fleetgraph started. FleetGraph GraphQL API: ${gateway.url} (HTTP and WebSocket). Backend: ${backend}. Serving ${gateway.aws.accounts().length} account(s) × their regions = ${gateway.aws.scopes().length} scope(s). Auth: ${auth}; metrics at /metrics, health at /healthz and /readyz`,
  };
}

main().catch((err: unknown) => {
  // One line per problem (a ScopeSetupError may list several), each readable on its own.
  const lines = err instanceof ScopeSetupError ? err.problems : [err instanceof Error ? err.message : String(err)];
  process.stderr.write(lines.map((line) => `fleetgraph: failed to start: ${line}\n`).join(''));
  process.exit(1);
});
