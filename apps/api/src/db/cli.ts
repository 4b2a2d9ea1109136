import { loadConfig } from '../config.js';
import { closeLogger, createLogger } from '../http/logger.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';
import { seed } from './seed/index.js';

/** `npm run migrate` and `npm run seed`: the same steps the server runs at start-up, on their own. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'migrate' && command !== 'seed') {
    throw new Error('usage: cli.js migrate|seed');
  }
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    dir: config.paths.logs,
    pretty: !config.isProduction,
  });
  const database = await openDatabase(config, logger);
  try {
    const applied = await migrateToLatest(database.db);
    logger.info(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations');
    if (command === 'seed') {
      const result = await seed(database.db, { demo: config.seedDemoData });
      logger.info('Seed finished', { inserted: result });
    }
  } finally {
    await database.close();
    await closeLogger(logger);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
