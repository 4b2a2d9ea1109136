import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createUser, uniquePhone } from '../../test/factories.js';
import { signUp } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { createStaffAccount } from './create-staff.js';

const { database, harness } = useIdentityHarness();
const cliFile = fileURLToPath(new URL('../../admin-cli.ts', import.meta.url));
const PASSWORD = 'Karibu-Tafuta-2026!';

function runCli(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cliFile, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: database.current.url,
        NODE_ENV: 'test',
        LOG_DIR: '/tmp/tafuta-cli-test-logs',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${stdin}\n`);
  });
}

describe('staff bootstrap (ADM-023)', () => {
  it('creates the first super admin from the command line, who can then sign in as staff', async () => {
    // ERRATA 7: the person has a verified account first (they registered on the site).
    const { phone } = await signUp(harness, { body: { full_name: 'Wanjiku Njeri' } });
    const result = await runCli(
      [
        '--email',
        'Wanjiku@Tafuta.ke',
        '--phone',
        phone.replace('+254', '0'),
        '--role',
        'super_admin',
        '--password-stdin',
      ],
      PASSWORD,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Staff account created for Wanjiku@Tafuta.ke');

    const staff = await database.current.db
      .selectFrom('admin_users')
      .innerJoin('users', 'users.user_id', 'admin_users.user_id')
      .select([
        'admin_users.login_email',
        'admin_users.role',
        'admin_users.password_hash',
        'users.phone',
        'users.full_name',
      ])
      .executeTakeFirstOrThrow();
    expect(staff).toMatchObject({
      login_email: 'wanjiku@tafuta.ke',
      role: 'super_admin',
      phone,
      full_name: 'Wanjiku Njeri',
    });
    expect(staff.password_hash).toMatch(/^\$2[aby]\$10\$/);
    const audit = await database.current.db
      .selectFrom('audit_logs')
      .select(['actor_type', 'action'])
      .where('action', '=', 'admin_user_created')
      .executeTakeFirstOrThrow();
    expect(audit.actor_type).toBe('system');

    const login = await harness
      .agent()
      .post('/api/admin/auth/login')
      .send({ email: 'wanjiku@tafuta.ke', password: PASSWORD })
      .expect(200);
    expect(login.body.data.staff_role).toBe('super_admin');
  }, 30_000);

  it('refuses a second super admin unless forced, weak passwords, and people without a verified account', async () => {
    const person = await signUp(harness, { body: { full_name: 'Otieno Ouma' } });
    const base = { phone: person.phone, role: 'super_admin' as const, password: PASSWORD };
    await expect(
      createStaffAccount(database.current.db, { ...base, email: 'otieno@tafuta.ke' }),
    ).rejects.toThrow(/already exists; add --force/);
    await expect(
      createStaffAccount(database.current.db, {
        ...base,
        email: 'otieno@tafuta.ke',
        role: 'admin',
        password: 'short1!A',
      }),
    ).rejects.toThrow(/min_length/);
    await expect(
      createStaffAccount(database.current.db, {
        ...base,
        email: 'otieno@tafuta.ke',
        role: 'admin',
        password: 'Otieno-Password-2026!',
      }),
    ).rejects.toThrow(/contains_email/);
    // A number nobody verified (or nobody holds) cannot carry staff powers.
    const unverified = await createUser(database.current.db);
    await expect(
      createStaffAccount(database.current.db, {
        ...base,
        phone: unverified.phone!,
        email: 'new@tafuta.ke',
        role: 'admin',
      }),
    ).rejects.toThrow(/No verified account/);
    await expect(
      createStaffAccount(database.current.db, {
        ...base,
        phone: uniquePhone(),
        email: 'new@tafuta.ke',
        role: 'admin',
      }),
    ).rejects.toThrow(/No verified account/);

    const forced = await createStaffAccount(database.current.db, {
      ...base,
      email: 'otieno@tafuta.ke',
      force: true,
    });
    expect(forced.userId).toBe(person.userId);
    await expect(
      createStaffAccount(database.current.db, { ...base, email: 'otieno2@tafuta.ke', role: 'admin' }),
    ).rejects.toThrow(/already has a staff account/);
  });

  it('the CLI explains its usage and refuses bad input without a stack trace', async () => {
    const result = await runCli(['--email', 'x@tafuta.ke'], PASSWORD);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('usage: npm run admin:create');
    expect(result.stderr).not.toContain('    at ');
  }, 30_000);
});
