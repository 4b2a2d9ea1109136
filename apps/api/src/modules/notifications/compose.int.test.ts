import { describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import { safePhone } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * ADM-501/505: Kikamba and Kikuyu recipients get a staff-written stored template in their language when
 * one exists for the channel, and English otherwise.
 */

const { database, harness } = useIdentityHarness();
const db = () => database.current.db;

const KAMBA_SMS = 'Tafuta: Nwaumiwa Tafuta vyuma syaku syonthe. Ti we? Ikuna {support_phone}.';

async function smsTo(language: 'kam' | 'ki') {
  const user = await createUser(db(), { phone: safePhone(), language_preference: language });
  await db()
    .transaction()
    .execute((trx) =>
      harness.services.notifier.enqueue(trx, { userId: user.user_id, templateKey: 'logout_all' }),
    );
  await harness.deliver();
  const row = await db()
    .selectFrom('notification_log')
    .select(['body', 'status'])
    .where('user_id', '=', user.user_id)
    .where('channel', '=', 'sms')
    .executeTakeFirstOrThrow();
  const sent = harness.sms.messages({ to: user.phone! });
  expect(sent).toHaveLength(1);
  expect(sent[0]!.text).toBe(row.body);
  return row.body;
}

describe('stored templates in Kikamba and Kikuyu (ADM-501, ADM-505)', () => {
  it('sends a kam user the kam SMS row staff wrote, and a ki user without a ki row English', async () => {
    const support = await db()
      .selectFrom('system_config')
      .select('value')
      .where('key', '=', 'tafuta_support_phone')
      .executeTakeFirst();
    await db()
      .insertInto('notification_templates')
      .values({ template_key: 'logout_all', channel: 'sms', language: 'kam', body: KAMBA_SMS })
      .execute();

    expect(await smsTo('kam')).toBe(KAMBA_SMS.replace('{support_phone}', support?.value ?? ''));
    expect(await smsTo('ki')).toBe(
      `Tafuta: You were signed out of Tafuta on all your devices. Not you? Call ${support?.value ?? ''}.`,
    );
  });
});
