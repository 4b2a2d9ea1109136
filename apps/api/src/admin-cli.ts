import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { runCommand, withMigratedDatabase } from './db/command.js';
import type { StaffRoleName } from './db/schema.js';
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
  const { email, phone, role } = values;
  if (!email || !phone || !role) throw new StaffSetupError(USAGE);
  const password = await readPassword(values['password-stdin']);

  const created = await withMigratedDatabase(({ db }) =>
    createStaffAccount(db, { email, phone, role: role as StaffRoleName, password, force: values.force }),
  );
  process.stdout.write(
    `Staff account created for ${email} (${role}), linked to user ${created.userId}.\n` +
      'Sign in at /admin/login with this email and password.\n',
  );
}

runCommand(main);
