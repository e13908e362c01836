import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './observability/logger';
import { loadSecurityConfig, type SecurityConfig } from './security-config';
import { startGateway, type RunningGateway } from './server/gateway';
import { SIM_ACCESS_KEYS, SIM_SECRET_KEY, startSimulator } from '@fleetgraph/aws-sim';

/** Both config objects, with every problem of both reported at once. */
function loadAllConfig(): { config: Config; security: SecurityConfig } {
  const problems: string[] = [];
  let config: Config | undefined;
  let security: SecurityConfig | undefined;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  try {
    security = loadSecurityConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length || !config || !security) throw new ConfigError(problems);
  return { config, security };
}

/** Process entry: config → (simulator) → gateway → signal handling. */
async function main(): Promise<void> {
  let config: Config;
  let security: SecurityConfig;
  try {
    ({ config, security } = loadAllConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fleetgraph: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger();
  // A stray rejection (a library's fire-and-forget promise) must not take every subscription down.
  process.on('unhandledRejection', (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let simulator: Awaited<ReturnType<typeof startSimulator>> | undefined;
  if (config.backend === 'simulator') {
    simulator = await startSimulator({
      port: config.simulator.port,
      instances: config.simulator.instances,
      timeScale: config.simulator.timeScale,
      throttling: config.simulator.throttling,
    });
  }

  const gateway: RunningGateway = await startGateway({
    config,
    security,
    logger,
    ...(simulator
      ? { awsEndpoint: simulator.url, credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY } }
      : {}),
  });

  const lines = [`FleetGraph GraphQL API: ${gateway.url} (HTTP and WebSocket)`];
  if (simulator) {
    lines.push(
      `Backend: embedded EC2/SSM simulator at ${simulator.url} (${config.simulator.instances} instances, time x${config.simulator.timeScale}); admin at ${simulator.url}/_sim/stats`,
    );
  } else {
    lines.push(`Backend: AWS (default credential chain; region ${config.defaultRegion})`);
  }
  lines.push(`Auth: ${security.auth.methods.length ? security.auth.methods.join(' + ') : 'none (every caller has every role)'}; metrics at /metrics, health at /healthz and /readyz`);
  process.stdout.write(lines.join('\n') + '\n');
  logger.info({ url: gateway.url, backend: config.backend }, 'fleetgraph started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await gateway.close();
    await simulator?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fleetgraph: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
