/**
 * Entry point: `npm run bot` (or `node dist/examples/chatops-bot/main.js` after `npm run build`).
 * Settings come from the environment (see README.md); SIGINT/SIGTERM stop it cleanly: the
 * subscription is closed, queued messages get a few seconds to go out, then the process exits.
 */
import { ConfigError, loadBotConfig } from './config';
import { consoleLogger } from './log';
import { startBot } from './bot';

export { startBot } from './bot';
export type { Bot, BotOptions } from './bot';

function main(): void {
  const log = consoleLogger();
  let config;
  try {
    config = loadBotConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }

  const bot = startBot({ ...config, log });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log('warn', `${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    log('info', `${signal} received; shutting down`);
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log('error', `shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (require.main === module) main();
