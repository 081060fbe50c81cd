import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Engine } from './db/engine.js';
import { openEngine } from './db/engine.open.js';
import type { ChangeFeedLog } from './db/pg-change-feed.js';
import { DatabaseUrlError } from './db/pg-client.js';
import { warmPictureModules } from './media/lazy-modules.js';

// The process around the app: read the settings, build, listen, and stop gracefully. Everything else is in app.ts.

/** SIGTERM/SIGINT must have stopped the process within 10 s (README, Settings); this leaves room for exiting itself. */
const GRACE_MS = 9_000;

/** How long after listening the picture libraries are loaded (see below). */
const WARM_UP_DELAY_MS = 2_000;

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Before the logger exists: a plain message a person reads in a terminal or `docker logs`.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL (migrated first), or a message and exit 1. */
async function openEngineOrExit(config: Config, log: ChangeFeedLog): Promise<Engine> {
  try {
    return await openEngine(config, { log });
  } catch (error) {
    // DatabaseUrlError names DATABASE_URL and never shows its password (pg-client.ts).
    const message =
      error instanceof DatabaseUrlError
        ? error.message
        : `Cannot open the database under DATA_DIR (${config.dataDir}): ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
// The server owns the engine so that the database can still be closed (SQLite: checkpointed) if the graceful
// close runs out of time (the app's onClose closes it in the normal case; closing twice is harmless).
// It is opened before the app and its logger exist: what it reports once the app runs (a lost PostgreSQL
// listener, a failed checkpoint thread) goes to the app's log.
let appLog: ChangeFeedLog | undefined;
const engineLog: ChangeFeedLog = {
  warn: (details, message) => appLog?.warn(details, message),
  info: (details, message) => appLog?.info(details, message),
};
const engine = await openEngineOrExit(config, engineLog);

const app = await buildApp({
  config,
  engine,
  logger: {
    level: config.logLevel,
    // Fastify's request serializer logs method, url and addresses, never headers or bodies; redaction guards the
    // credentials should a header ever be logged (a plugin, an error with the request attached).
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'request.headers.authorization',
        'request.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  },
});
appLog = app.log;

// NOTE: Fastify's forceCloseConnections: 'idle' drops the keep-alive connections that are idle when the close
// starts; a connection whose request is still in flight would then be kept open by its client (a load balancer
// keeps them for minutes) and hold the close past the grace period. Answering those last requests with
// `Connection: close` makes Node end each connection as soon as its response is sent.
let closing = false;
app.addHook('onSend', async (_request, reply) => {
  if (closing) reply.header('connection', 'close');
});

closeWithGrace(
  {
    delay: GRACE_MS,
    logger: { error: (message: unknown) => app.log.error(message) },
    onTimeout: (delay) => {
      app.log.error({ delay }, 'graceful close timed out: closing the database and exiting');
      void engine.close();
    },
  },
  async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an unexpected error');
    else app.log.info({ signal }, 'closing: finishing requests in flight');
    closing = true;
    // Stops accepting connections, waits for requests in flight, then runs onClose (database checkpoint + close).
    await app.close();
    app.log.info('closed');
  },
);

try {
  // Fastify logs the address it listens on ("Server listening at http://127.0.0.1:3000").
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  app.log.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
  await app.close();
  process.exit(1);
}

// The picture libraries are loaded on first use (media/lazy-modules.ts); loading them a moment after the server
// answers keeps them out of the cold start and still reports a broken native install (sharp) right away.
setTimeout(() => {
  warmPictureModules().catch((error: unknown) =>
    app.log.error({ err: error }, 'the picture libraries (sharp, file-type) cannot be loaded: uploads will fail'),
  );
}, WARM_UP_DELAY_MS).unref();
