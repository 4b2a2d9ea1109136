import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { loadConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { StaffRoleName } from './db/schema.js';
import { closeLogger, createLogger } from './http/logger.js';
import { createStaffAccount, StaffSetupError } from './modules/auth/create-staff.js';

const USAGE =
  'usage: npm run admin:create -- --email you@tafuta.ke --phone 0712345678 --role super_admin [--force] [--password-stdin]\n' +
  'The phone must belong to an account verified by SMS code (register on the site first).';

/** Reads the password without echoing it; `--password-stdin` reads one line for scripted set-ups. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    throw new StaffSetupError('No password was given on standard input');
  }
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stdout.write('Password (at least 12 characters): ');
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      phone: { type: 'string' },
      role: { type: 'string' },
      force: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (!values.email || !values.phone || !values.role) throw new StaffSetupError(USAGE);
  const password = await readPassword(values['password-stdin']);

  const config = loadConfig();
  const logger = createLogger({ level: 'warn', dir: config.paths.logs, pretty: true });
  const database = await openDatabase(config, logger);
  try {
    await migrateToLatest(database.db);
    const created = await createStaffAccount(database.db, {
      email: values.email,
      phone: values.phone,
      role: values.role as StaffRoleName,
      password,
      force: values.force,
    });
    process.stdout.write(
      `Staff account created for ${values.email} (${values.role}), linked to user ${created.userId}.\n` +
        'Sign in at /admin/login with this email and password.\n',
    );
  } finally {
    await database.close();
    await closeLogger(logger);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
