import { parseArgs } from 'node:util';
import { runCommand, withMigratedDatabase } from '../../db/command.js';
import { ConfigChangeError, setConfigValue } from './config.service.js';

const USAGE =
  'usage: npm run config:set -- <key> <value> --reason "why" --by <super admin login email>\n' +
  'Example: npm run config:set -- tafuta_kra_pin P051234567X --reason "From the KRA certificate" --by you@tafuta.ke';

/** ADM-456: the audited server command that changes one system_config value. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { reason: { type: 'string' }, by: { type: 'string' } },
  });
  const [key, value] = positionals;
  const { reason, by } = values;
  if (!key || value === undefined || positionals.length !== 2 || !reason || !by) {
    throw new ConfigChangeError(USAGE);
  }
  const changed = await withMigratedDatabase(({ db }) =>
    setConfigValue(db, { key, value, reason, byEmail: by }),
  );
  process.stdout.write(
    `${changed.key}: "${changed.oldValue}" → "${changed.newValue}" (audited). ` +
      'Running servers pick it up within a minute.\n',
  );
}

runCommand(main);
