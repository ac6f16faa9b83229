import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './shared/logger';

/** Start: config → database → schema → HTTP + websocket; SIGTERM/SIGINT drain and close. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const log = createLogger(config);
  // Loaded only now, so that a bad setting is reported at once, not after loading the whole server.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startHub } = require('./server/hub') as typeof import('./server/hub');
  const { DataDirInUseError } = require('./db/database') as typeof import('./db/database');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let hub;
  try {
    hub = await startHub(config, { log });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      log.fatal(error.message);
      process.exit(75); // EX_TEMPFAIL
    }
    log.fatal({ err: error }, 'wir-hub could not start');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    // A signal often comes twice: Ctrl-C under `npm start` reaches the hub from the terminal and again
    // forwarded by npm. Dying on the second would skip the drain and leave the embedded database unclosed.
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(
      () => {
        log.error('shutdown took too long; exiting');
        process.exit(1);
      },
      config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_TIMEOUT_MS + 5_000,
    );
    force.unref();
    hub.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
