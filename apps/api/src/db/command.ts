import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../config.js';
import { closeLogger, createLogger, type Logger, type LoggerOptions } from '../http/logger.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';
import type { Database } from './schema.js';

/** The frame every server command shares (`admin:create`, `config:set`, `media:regenerate`). */

export interface CommandContext {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
}

/** Warnings and errors to the log files and, readable, to the terminal of the person running it. */
const quietLogger = (config: Config): LoggerOptions => ({
  level: 'warn',
  dir: config.paths.logs,
  pretty: true,
});

/**
 * Reads the config, opens the database and brings it to the latest migration (a command may run before
 * the server ever started), then runs `run` and closes everything again however it ends.
 */
export async function withMigratedDatabase<T>(
  run: (context: CommandContext) => Promise<T>,
  loggerOptions: (config: Config) => LoggerOptions = quietLogger,
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(loggerOptions(config));
  const database = await openDatabase(config, logger);
  try {
    await migrateToLatest(database.db);
    return await run({ config, logger, db: database.db });
  } finally {
    await database.close();
    await closeLogger(logger);
  }
}

/**
 * Runs a command's `main`: a number it returns is the exit code; an error prints its message alone (the
 * errors these commands throw are written for the person at the terminal) and exits 1.
 */
export function runCommand(main: () => Promise<number | void>): void {
  main()
    .then((code) => {
      if (typeof code === 'number') process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
