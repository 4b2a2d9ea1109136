import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import { runCommand, withMigratedDatabase } from '../../db/command.js';
import { createMediaConfigStore, installDefaultMediaConfig } from './app-config.js';
import { configSnapshot } from './media.deps.js';
import { recoverMedia } from './recovery.js';
import { progressBar, regenerateMedia } from './regenerate.js';

/**
 * `npm run media:regenerate -- [--business TAG] [--type TYPE]` (MEDIA-187): staff run it on the server
 * after a restore or a size change. Safe while the site is live: it takes each business's lock in turn.
 * Exit code 1 when any image failed (the summary names them).
 */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { business: { type: 'string' }, type: { type: 'string' }, all: { type: 'boolean' } },
  });
  if (positionals[0] !== 'regenerate') {
    process.stderr.write('usage: media-cli.js regenerate [--business TAG] [--type TYPE]\n');
    return 2;
  }
  // Logs go to the log files; the terminal gets the progress bar and the summary.
  const toFilesOnly = (config: Config) => ({
    level: config.logLevel,
    dir: config.paths.logs,
    console: false,
  });
  return withMigratedDatabase(async ({ config, logger, db }) => {
    installDefaultMediaConfig(config.paths.media);
    const store = createMediaConfigStore({ mediaPath: config.paths.media, logger });
    store.refresh();
    const media = configSnapshot({ mediaConfig: store });
    // Finish anything a crash left half-done before rebuilding from the specs.
    await recoverMedia({ db, mediaPath: config.paths.media, logger });
    const summary = await regenerateMedia({
      db,
      mediaPath: config.paths.media,
      config: media,
      logger,
      filter: { businessTag: values.business, type: values.type },
      onProgress: progressBar(process.stderr),
    });
    process.stdout.write(
      `Regenerated ${summary.regenerated}, unchanged ${summary.unchanged}, failed ${summary.failed.length} ` +
        `(${summary.images} images in ${summary.businesses} business folders)\n`,
    );
    for (const failure of summary.failed) {
      process.stdout.write(`  FAILED ${failure.folder}/${failure.type}/${failure.slug}: ${failure.reason}\n`);
    }
    return summary.failed.length > 0 ? 1 : 0;
  }, toFilesOnly);
}

runCommand(() => main(process.argv.slice(2)));
